"""A hostile improved CV: what it references is never fetched, what it smuggles in never
reaches the PDF, and what it costs is bounded by the renderer's limits."""

import builtins
import os
import re
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from cvimprover.adapters.documents import cv_pdf
from cvimprover.adapters.documents.pdf_url_fetcher import (
    BundledAssetsOnlyFetcher,
    FetchRefused,
    bundled_assets,
)
from cvimprover.adapters.documents.safe_html import (
    MAX_DEPTH,
    markdown_to_safe_html,
    nesting_depth,
)
from cvimprover.adapters.documents.weasyprint_cv_renderer import WeasyPrintCVRenderer
from cvimprover.core.cvs.pdfs import PageSize, PdfTemplate, RenderRequest
from cvimprover.ports.documents import RenderFailed
from tests.support.pdfs import (
    ARTEFACTS,
    image_count,
    in_order,
    link_targets,
    reader,
    sample_markdown,
    whole_text,
)

METADATA_SERVICE = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
PASSWD_LINE = "root:x:0:0"


def hostile_markdown(server: str) -> str:
    """Every way we know of to make a renderer fetch, run or show something; `server`
    records any request made to it."""
    return f"""# Mallory Hacker

<script>document.write('pwned-by-script')</script>
<img src="{METADATA_SERVICE}"> <img src="{server}/img.png" onerror="alert('pwned-by-onerror')">
![remote]({server}/markdown-image.png) ![local](file:///etc/passwd) ![meta]({METADATA_SERVICE})
[passwords](file:///etc/passwd) [credentials]({METADATA_SERVICE}) [relative](../../etc/passwd)
<a href="javascript:alert('pwned-by-link')">click me</a> [markdown link](javascript:alert(1))
<iframe src="{server}/frame">pwned-by-iframe</iframe>
<form action="{server}/form"><input name="q" value="pwned-by-form">
<button>pwned-by-button</button></form>
<p style="background: url({server}/style.png)" onclick="alert('pwned-by-handler')">Styled text.</p>
<style>@import url("{server}/import.css"); body {{ background: url(file:///etc/passwd) }}</style>
<link rel="stylesheet" href="{server}/link.css">
<object data="{server}/object">pwned-by-object</object><embed src="{server}/embed">
<svg><image href="{server}/svg.png"/><text>pwned-by-svg</text></svg>
<base href="{server}/base/">
<meta http-equiv="refresh" content="0; url={server}/refresh">

## Template syntax stays text

{{{{ config }}}} and {{{{ 7 * 7 }}}} and {{% for x in range(3) %}}loop{{% endfor %}}
{{{{ self.__init__.__globals__ }}}}

## Summary

Engineer with [a real portfolio](https://example.com/portfolio).
"""


def assert_nothing_hostile_in(pdf: bytes) -> None:
    text = whole_text(pdf)
    assert "Mallory Hacker" in text
    assert "Styled text." in text
    assert "pwned-by" not in text
    assert PASSWD_LINE not in text
    assert "{{ config }}" in text  # shown as written, never evaluated
    assert "{{ 7 * 7 }}" in text
    assert "49" not in text
    assert "looploop" not in text
    assert image_count(pdf) == 0
    assert link_targets(pdf) == ["https://example.com/portfolio"]
    assert "/AcroForm" not in reader(pdf).trailer["/Root"]
    assert b"/JavaScript" not in pdf
    assert b"/JS" not in pdf


@pytest.fixture
def renderer() -> Iterator[WeasyPrintCVRenderer]:
    renderer = WeasyPrintCVRenderer(timeout_seconds=30)
    yield renderer
    renderer.close()


def request_for(markdown: str, template: PdfTemplate = PdfTemplate.CLASSIC) -> RenderRequest:
    return RenderRequest(markdown, "Mallory \u2013 CV", "Mallory", template, PageSize.A4)


@pytest.mark.parametrize("template", list(PdfTemplate))
def test_a_hostile_cv_renders_without_any_of_it_and_fetches_nothing(
    renderer: WeasyPrintCVRenderer, httpserver: HTTPServer, template: PdfTemplate
) -> None:
    server = httpserver.url_for("").rstrip("/")
    pdf = renderer.render(request_for(hostile_markdown(server), template))
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"hostile-{template}.pdf").write_bytes(pdf)
    assert_nothing_hostile_in(pdf)
    assert httpserver.log == []


def test_rendering_in_this_process_opens_no_socket_and_no_file_it_is_pointed_at(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    connections: list[object] = []
    opened: list[str] = []
    real_open = builtins.open

    def recording_connect(self: socket.socket, address: object) -> None:
        connections.append(address)
        raise OSError("no network in this test")

    def recording_open(file: object, *args: object, **kwargs: object) -> object:
        opened.append(os.fspath(file) if isinstance(file, (str, Path)) else str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    monkeypatch.setattr(builtins, "open", recording_open)
    server = httpserver.url_for("").rstrip("/")
    pdf = cv_pdf.render_pdf(request_for(hostile_markdown(server)), max_pages=5)
    monkeypatch.undo()
    assert_nothing_hostile_in(pdf)
    assert connections == []
    assert not [path for path in opened if "passwd" in path or "169.254" in path]
    assert httpserver.log == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        METADATA_SERVICE,
        "https://example.com/font.woff2",
        "ftp://example.com/cv.css",
        "etc/passwd",
        "../templates/base.css",
        "cvimprover-asset:../../../etc/passwd",
        "cvimprover-asset:cv.html",
    ],
)
def test_the_fetcher_refuses_everything_but_data_and_bundled_assets(
    url: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda _self, address: attempts.append(address))
    fetcher = BundledAssetsOnlyFetcher(bundled_assets())
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    with pytest.raises(FetchRefused):
        fetcher.fetch(httpserver.url_for("/redirect-me"))
    assert attempts == []
    assert httpserver.log == []


def test_the_fetcher_serves_data_uris_and_the_bundled_stylesheets_from_memory() -> None:
    fetcher = BundledAssetsOnlyFetcher(bundled_assets())
    assert fetcher.fetch("data:text/css;base64,cHt9").read() == b"p{}"
    stylesheet = fetcher.fetch("cvimprover-asset:base.css")
    assert stylesheet.content_type == "text/css"
    assert b"@page" in stylesheet.read()
    assert set(bundled_assets()) == {
        "cvimprover-asset:base.css",
        "cvimprover-asset:classic.css",
        "cvimprover-asset:modern.css",
    }


def hostile_table(rows: int) -> str:
    return "| a | b | c |\n|---|---|---|\n" + "| cell | cell | cell |\n" * rows


def test_a_huge_table_fails_within_the_time_limit_and_rendering_goes_on() -> None:
    renderer = WeasyPrintCVRenderer(timeout_seconds=2, max_characters=10_000_000)
    try:
        renderer.render(request_for("# Warm"))  # the render process is up
        started = time.monotonic()
        with pytest.raises(RenderFailed) as failed:
            renderer.render(request_for(hostile_table(60_000)))
        assert time.monotonic() - started < 6
        assert "took too long" in failed.value.reason
        assert whole_text(renderer.render(request_for(sample_markdown()))).startswith("Sam Rivera")
    finally:
        renderer.close()


def test_a_cv_needing_more_memory_than_the_limit_fails_as_too_large() -> None:
    renderer = WeasyPrintCVRenderer(
        timeout_seconds=120, memory_limit_bytes=48 * 1024 * 1024, max_characters=10_000_000
    )
    try:
        wide_table = "<table>" + ("<tr>" + "<td>x</td>" * 200 + "</tr>") * 150 + "</table>"
        with pytest.raises(RenderFailed) as failed:
            renderer.render(request_for(wide_table))
        assert "too large or complex" in failed.value.reason
        assert whole_text(renderer.render(request_for(sample_markdown()))).startswith("Sam Rivera")
    finally:
        renderer.close()


@pytest.mark.parametrize(
    "nested",
    [
        "<blockquote>" * 3000 + "deep" + "</blockquote>" * 3000,
        "<ul><li>" * 2000 + "deep",
        "<div><table><tr><td>" * 60 + "deep",
    ],
    ids=["quotes", "lists", "tables"],
)
def test_deep_nesting_fails_as_too_deep(renderer: WeasyPrintCVRenderer, nested: str) -> None:
    with pytest.raises(RenderFailed) as failed:
        renderer.render(request_for(nested))
    assert "nested too deeply" in failed.value.reason
    assert renderer.render(request_for("# Still here")).startswith(b"%PDF-")


def test_markdown_nests_no_deeper_than_the_html_limit_and_a_nested_list_renders(
    renderer: WeasyPrintCVRenderer,
) -> None:
    deep_markdown = "".join(
        "  " * level + "- > **[x](https://example.com)**\n" for level in range(80)
    )
    assert nesting_depth(markdown_to_safe_html(deep_markdown)) <= MAX_DEPTH
    assert nesting_depth(markdown_to_safe_html("> " * 5000 + "deep")) <= MAX_DEPTH
    nested_list = "".join("    " * level + f"- level {level}\n" for level in range(6))
    assert in_order(whole_text(renderer.render(request_for(nested_list))), "level 0", "level 5")


def test_styles_in_the_cv_have_no_effect_on_the_pdf(renderer: WeasyPrintCVRenderer) -> None:
    """Were any of these styles applied, the text would be hidden, moved off the page or
    spread over many pages; without them it is one ordinary page of text."""
    styled = """# Mallory

<style>h2 { display: none } p { font-size: 300pt }</style>
<p style="display: none">hidden-by-style</p>
<p style="position: absolute; left: -9999px">offscreen-by-style</p>
<p><span style="font-size: 400pt; color: white">huge-by-style</span></p>
<div style="page-break-before: always; height: 5000mm">tall-by-style</div>
<p class="x" id="y" style="visibility: hidden">invisible-by-style</p>

## Heading shown
"""
    html = markdown_to_safe_html(styled)
    assert not re.search(r'<style|style=|id=|class="(?!cv-section")', html), html
    pdf = renderer.render(request_for(styled))
    assert len(reader(pdf).pages) == 1
    assert in_order(
        whole_text(pdf),
        "Mallory",
        "hidden-by-style",
        "offscreen-by-style",
        "huge-by-style",
        "tall-by-style",
        "invisible-by-style",
        "Heading shown",
    )


def test_a_cv_over_the_page_limit_fails_naming_the_limit() -> None:
    renderer = WeasyPrintCVRenderer(max_pages=3)
    try:
        with pytest.raises(RenderFailed) as failed:
            renderer.render(request_for("Paragraph.\n\n" * 400))
        assert "more than 3 pages" in failed.value.reason
    finally:
        renderer.close()


def test_a_cv_over_the_length_limit_is_refused_before_anything_starts() -> None:
    renderer = WeasyPrintCVRenderer(max_characters=1000)
    with pytest.raises(RenderFailed) as failed:
        renderer.render(request_for("x" * 1001))
    assert "too long to render" in failed.value.reason
    assert "1001 characters; at most 1000" in failed.value.reason
    assert renderer._process is None


def test_a_render_process_killed_from_outside_is_replaced(
    renderer: WeasyPrintCVRenderer,
) -> None:
    renderer.render(request_for("# First"))
    process = renderer._process
    assert process is not None
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert renderer.render(request_for("# Second")).startswith(b"%PDF-")
    assert renderer._process is not None
    assert renderer._process.pid != process.pid
