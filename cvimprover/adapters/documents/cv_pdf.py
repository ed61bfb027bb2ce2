"""The render pipeline: the AI's Markdown -> sanitised HTML -> our template -> WeasyPrint.

It runs inside a render child (see `_render`), within that child's limits. The template
is ours, with autoescaping on; the CV's text is only ever the `body` variable, marked
safe after nh3 has cleaned it, never template source: `{{ config }}` in a CV is text.
"""

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # no annotations

from cvimprover.adapters.documents.pdf_url_fetcher import (
    TEMPLATES,
    BundledAssetsOnlyFetcher,
    bundled_assets,
)
from cvimprover.adapters.documents.safe_html import MAX_DEPTH, markdown_to_safe_html, nesting_depth
from cvimprover.core.cvs.pdfs import PageSize, RenderRequest

PAGE_SIZES = {PageSize.A4: "A4", PageSize.LETTER: "letter"}

_templates = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
)
_fetcher = BundledAssetsOnlyFetcher(bundled_assets())
_page_sizes = {
    size: CSS(string=f"@page {{ size: {css} }}", url_fetcher=_fetcher)
    for size, css in PAGE_SIZES.items()
}
_single_page = CSS(
    string="@page { @bottom-left { content: none !important }"
    " @bottom-right { content: none !important } }",
    url_fetcher=_fetcher,
)
"""A CV of one page needs no "1 / 1", nor the name it is headed with again at its foot."""


class TooManyPages(Exception):
    """The CV lays out on more pages than a CV has."""


class TooDeep(Exception):
    """The CV's elements nest deeper than `safe_html.MAX_DEPTH`."""


def render_html(request: RenderRequest) -> str:
    body = markdown_to_safe_html(request.markdown)
    if nesting_depth(body) > MAX_DEPTH:
        raise TooDeep
    return _templates.get_template("cv.html").render(
        title=request.title,
        author=request.author,
        template=request.template.value,
        body=Markup(body),  # noqa: S704  # nh3-cleaned
    )


def render_pdf(request: RenderRequest, *, max_pages: int) -> bytes:
    html = HTML(string=render_html(request), base_url=None, url_fetcher=_fetcher)
    page_size = _page_sizes[request.page_size]
    document = html.render(stylesheets=[page_size], pdf_forms=False)
    if len(document.pages) > max_pages:
        raise TooManyPages(len(document.pages))
    if len(document.pages) == 1:  # laid out again without footers: the same page area
        document = html.render(stylesheets=[page_size, _single_page], pdf_forms=False)
    pdf: bytes = document.write_pdf(pdf_forms=False)
    return pdf
