"""The AI's Markdown as HTML that holds nothing but text and its structure.

markdown-it turns the Markdown, raw HTML in it included, into HTML and takes every link
as written; nh3 then keeps only the allow-listed tags and attributes, and links only to
public http(s) hosts and mailto. nh3 is the single gate: whether a script, an event handler, an
iframe, a form, a style, an image or a `javascript:` link was written as Markdown or as
HTML makes no difference, and none of it reaches the template.
"""

import ipaddress
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code",
    "ul", "ol", "li", "strong", "em", "b", "i", "u", "s", "del", "sub", "sup", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
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


def _public_links_only(tag: str, attribute: str, value: str) -> str | None:
    """A relative link has nothing to point at in a PDF, and a CV has no business
    linking to a loopback, private or link-local address (a cloud's metadata service)."""
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
    attribute_filter=_public_links_only,
    url_schemes=LINK_SCHEMES,
    strip_comments=True,
    link_rel="noopener noreferrer",
)


def markdown_to_safe_html(markdown: str) -> str:
    return _cleaner.clean(_markdown.render(markdown))


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
