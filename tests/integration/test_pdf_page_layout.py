"""Where pages break in a rendered CV, and how its headings read back: the real renderer,
read back with pypdf and with poppler's pdftotext (what many applicant tracking systems
use), and drawn as page images in tests/artefacts/pdfs/ for a person to look at."""

import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from cvimprover.adapters.documents.safe_html import markdown_to_safe_html
from cvimprover.adapters.documents.weasyprint_cv_renderer import WeasyPrintCVRenderer
from cvimprover.core.cvs.pdfs import PageSize, PdfTemplate, RenderRequest
from tests.support.pdfs import ARTEFACTS, page_texts, reader, sample_markdown

FOOTER = re.compile(r"\d+ / \d+$")
ONE_PAGE_CV = "one_page_cv.md"
ENTRY = """### Platform Engineer, Zanzibar Payments (2019 \u2013 2024)

Ran the payments platform team of six.

- First bullet of the entry.
- Second bullet of the entry.
- Third bullet of the entry.
- Fourth bullet of the entry.

Stack: Go, PostgreSQL, Kafka.
"""


@pytest.fixture(scope="module")
def renderer() -> Iterator[WeasyPrintCVRenderer]:
    renderer = WeasyPrintCVRenderer(timeout_seconds=60)
    yield renderer
    renderer.close()


def rendered(
    renderer: WeasyPrintCVRenderer,
    markdown: str,
    template: PdfTemplate = PdfTemplate.CLASSIC,
    size: PageSize = PageSize.A4,
) -> bytes:
    return renderer.render(RenderRequest(markdown, "t", "a", template, size))


def content_lines(page_text: str) -> list[str]:
    """A page's lines without its footer (name, page number) and list markers."""
    lines = [line.strip() for line in page_text.splitlines()]
    return [line for line in lines if len(line) > 2 and not FOOTER.search(line)]


def poppler_text(pdf: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install Debian's poppler-utils (scripts/test.sh does)"
    done = subprocess.run(  # noqa: S603  # fixed arguments
        [pdftotext, "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode()


def summary_of(paragraphs: int) -> str:
    return "\n\n".join(f"Paragraph {n} of the summary, which goes on." for n in range(paragraphs))


def test_each_section_and_entry_is_wrapped_and_no_other_class_gets_through() -> None:
    html = markdown_to_safe_html(
        "# Name\n\nIntro.\n\n## Experience\n\n### Job one\n\n- a\n\n### Job two\n\n"
        "Text.\n\n#### Sub\n\n- b\n\n## Skills\n\n- c\n\n"
        '<section class="cv-entry evil" style="display: none">own</section>\n\n'
        '<p class="cv-entry">para</p>\n\n- ### A heading in a list\n'
    )
    assert html == (
        "<h1>Name</h1>\n<p>Intro.</p>\n"
        '<section class="cv-section">\n<h2>Experience</h2>\n'
        '<section class="cv-entry">\n<h3>Job one</h3>\n<ul>\n<li>a</li>\n</ul>\n</section>\n'
        '<section class="cv-entry">\n<h3>Job two</h3>\n<p>Text.</p>\n<h4>Sub</h4>\n'
        "<ul>\n<li>b</li>\n</ul>\n</section>\n</section>\n"
        '<section class="cv-section">\n<h2>Skills</h2>\n<ul>\n<li>c</li>\n</ul>\n'
        "<section>own</section>\n<p>para</p>\n<ul>\n<li>\n<h3>A heading in a list</h3>\n"
        "</li>\n</ul>\n</section>\n"
    )


@pytest.mark.parametrize("template", list(PdfTemplate))
def test_an_entry_that_fits_on_a_page_is_never_split(
    renderer: WeasyPrintCVRenderer, template: PdfTemplate
) -> None:
    """Somewhere in this range of lengths the entry would straddle pages 1 and 2."""
    for paragraphs in range(28, 42):
        markdown = f"# Name\n\n## Summary\n\n{summary_of(paragraphs)}\n\n## Experience\n\n{ENTRY}"
        pages = page_texts(rendered(renderer, markdown, template))
        [page] = [text for text in pages if "Zanzibar Payments" in text]
        assert "Ran the payments platform team" in page, f"{paragraphs} paragraphs"
        assert "Stack: Go, PostgreSQL, Kafka." in page, f"{paragraphs} paragraphs"
        assert "Experience" in page.replace("EXPERIENCE", "Experience"), f"{paragraphs}"


@pytest.mark.parametrize("template", list(PdfTemplate))
def test_no_page_ends_with_an_entry_heading(
    renderer: WeasyPrintCVRenderer, template: PdfTemplate
) -> None:
    """A degree heading left at the foot of a page, its details on the next, was seen."""
    for paragraphs in range(28, 42):
        markdown = (
            f"# Name\n\n## Summary\n\n{summary_of(paragraphs)}\n\n## Education\n\n"
            "### MSc Computer Science, University of Leeds (2016 \u2013 2017)\n\n"
            "### BEng Electronic Engineering, Anna University (2012 \u2013 2016)\n\n"
            "- First class.\n"
        )
        for page in page_texts(rendered(renderer, markdown, template))[:-1]:
            last = content_lines(page)[-1]
            assert not last.startswith(("MSc", "BEng")), f"{paragraphs}: ends with {last!r}"
            assert last.casefold() != "education", f"{paragraphs} paragraphs"


@pytest.mark.parametrize("size", list(PageSize))
@pytest.mark.parametrize("template", list(PdfTemplate))
def test_a_one_page_cv_stays_on_one_page(
    renderer: WeasyPrintCVRenderer, template: PdfTemplate, size: PageSize
) -> None:
    pdf = rendered(renderer, sample_markdown(ONE_PAGE_CV), template, size)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"one-page-cv-{template}-{size.lower()}.pdf").write_bytes(pdf)
    assert len(reader(pdf).pages) == 1
    assert "Hindi (conversational)" in page_texts(pdf)[0]


def test_a_one_page_cv_has_no_page_number_nor_footer(renderer: WeasyPrintCVRenderer) -> None:
    pdf = rendered(renderer, sample_markdown(ONE_PAGE_CV), PdfTemplate.MODERN)
    lines = [line.strip() for line in poppler_text(pdf).splitlines() if line.strip()]
    assert lines[-1] == "English (fluent), Tamil (native), Hindi (conversational)"
    assert lines.count("Priya Natarajan") == 1


@pytest.mark.parametrize("template", list(PdfTemplate))
@pytest.mark.parametrize("sample", [ONE_PAGE_CV, "two_page_cv.md"])
def test_headings_read_back_as_words_not_spaced_letters(
    renderer: WeasyPrintCVRenderer, template: PdfTemplate, sample: str
) -> None:
    markdown = sample_markdown(sample)
    headings = [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")]
    pdf = rendered(renderer, markdown, template)
    for text in (poppler_text(pdf), "\n".join(page_texts(pdf))):
        lines = {line.strip().casefold() for line in text.splitlines()}
        for heading in headings:
            assert heading.casefold() in lines, f"{heading!r} does not read back as written"


def test_the_one_page_cv_is_drawn_as_an_image_for_a_person_to_look_at(
    renderer: WeasyPrintCVRenderer,
) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: install Debian's poppler-utils (scripts/test.sh does)"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for template in PdfTemplate:
        prefix = ARTEFACTS / f"one-page-cv-{template}-a4"
        for stale in ARTEFACTS.glob(f"{prefix.name}-*.png"):
            stale.unlink()
        source = prefix.with_suffix(".pdf")
        source.write_bytes(rendered(renderer, sample_markdown(ONE_PAGE_CV), template))
        subprocess.run(  # noqa: S603  # fixed arguments
            [pdftoppm, "-png", "-r", "100", str(source), str(prefix)], check=True, timeout=60
        )
        [image] = sorted(ARTEFACTS.glob(f"{prefix.name}-*.png"))
        assert image.read_bytes().startswith(b"\x89PNG")
