"""The AI's Markdown as HTML that holds nothing but text and its structure.

markdown-it turns the Markdown, raw HTML in it included, into HTML and takes every link
as written; nh3 then keeps only the allow-listed tags and attributes, and links only to
public http(s) hosts and mailto. nh3 is the single gate: whether a script, an event handler, an
iframe, a form, a style, an image or a `javascript:` link was written as Markdown or as
HTML makes no difference, and none of it reaches the template.

Before nh3, each `##` section and each `###` entry in it (a job, a degree: its heading and
what follows, up to the next heading of its rank) is wrapped in a `<section>` of a class
of ours, so that the page can keep an entry together. Those two classes are the only
attribute values nh3 lets through on a section; a CV that writes them itself only changes
where its pages may break.
"""

import ipaddress
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code",
    "ul", "ol", "li", "strong", "em", "b", "i", "u", "s", "del", "sub", "sup", "a",
    "table", "thead", "tbody", "tr", "th", "td", "section",
}  # fmt: skip
SECTION, ENTRY = "cv-section", "cv-entry"
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "section": {"class"}}
LINK_SCHEMES = {"http", "https", "mailto"}
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "form", "select",
    "textarea", "button", "svg", "math", "template", "noscript", "title", "head",
}  # fmt: skip
INTERNAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain")
MAX_NESTING = 20
"""Markdown deeper than this (quotes in quotes in lists ...) is kept as plain text."""
MAX_DEPTH = 48
"""Raw HTML may nest deeper than Markdown; a CV never needs to. WeasyPrint lays out deep
nesting slowly, then runs out of stack, so deeper HTML is refused before layout."""
VOID_TAGS = {"br", "hr"}


def _our_classes_and_public_links_only(tag: str, attribute: str, value: str) -> str | None:
    """A relative link has nothing to point at in a PDF, and a CV has no business
    linking to a loopback, private or link-local address (a cloud's metadata service)."""
    if attribute == "class":
        return value if value in (SECTION, ENTRY) else None
    if attribute != "href":
        return value
    if value.lower().startswith("mailto:"):
        return value
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _public_host(parts.hostname or ""):
        return None
    return value


def _public_host(host: str) -> bool:
    if not host or host == "localhost" or host.endswith(INTERNAL_SUFFIXES):
        return False
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        return "." in host  # a name, such as example.com


def _every_link(url: str) -> bool:
    """markdown-it drops some links itself; nh3 alone judges them, by one rule."""
    return True


_markdown = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(
    ["table", "strikethrough"]
)
_markdown.validateLink = _every_link  # type: ignore[method-assign]
_cleaner = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES,
    attribute_filter=_our_classes_and_public_links_only,
    url_schemes=LINK_SCHEMES,
    strip_comments=True,
    link_rel="noopener noreferrer",
)


def markdown_to_safe_html(markdown: str) -> str:
    tokens = _wrapped(_markdown.parse(markdown))
    return _cleaner.clean(_markdown.renderer.render(tokens, _markdown.options, {}))


def _wrapped(tokens: list[Token]) -> list[Token]:
    """The tokens with each top-level `##` section and `###` entry wrapped."""
    wrapped: list[Token] = []
    open_classes: list[str] = []  # the wrappers open, outermost first
    for token in tokens:
        if token.type == "heading_open" and token.level == 0:
            rank = int(token.tag[1])
            if rank <= 3:
                keep = {1: 0, 2: 0, 3: 1}[rank] if open_classes[:1] == [SECTION] else 0
                while len(open_classes) > keep:
                    wrapped.append(_html("</section>\n"))
                    open_classes.pop()
                opened = {2: SECTION, 3: ENTRY}.get(rank)
                if opened is not None:
                    wrapped.append(_html(f'<section class="{opened}">\n'))
                    open_classes.append(opened)
        wrapped.append(token)
    wrapped.extend(_html("</section>\n") for _ in open_classes)
    return wrapped


def _html(markup: str) -> Token:
    token = Token("html_block", "", 0)
    token.content = markup
    return token


class _DepthGauge(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in VOID_TAGS:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS:
            self.depth -= 1


def nesting_depth(safe_html: str) -> int:
    """How deeply the elements of nh3's output (balanced, allow-listed tags) nest."""
    gauge = _DepthGauge()
    gauge.feed(safe_html)
    gauge.close()
    return gauge.deepest
