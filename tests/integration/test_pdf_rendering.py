"""Improved CVs rendered by the real renderer (WeasyPrint, in its render process) in each
template and page size, and read back with pypdf. The PDFs and their page images are left
in tests/artefacts/pdfs/ for a person to look at."""

import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from cvimprover.adapters.documents.weasyprint_cv_renderer import WeasyPrintCVRenderer
from cvimprover.core.cvs.pdfs import PageSize, PdfTemplate, RenderRequest
from tests.support.pdfs import (
    ARTEFACTS,
    font_names,
    image_count,
    in_order,
    link_targets,
    page_texts,
    reader,
    sample_markdown,
    whole_text,
)

TITLE = "Sam Rivera \u2013 CV for Data Analyst"
VARIANTS = [(template, size) for template in PdfTemplate for size in PageSize]
POINTS = {PageSize.A4: (595.3, 841.9), PageSize.LETTER: (612.0, 792.0)}
FOOTER = re.compile(r"\d+ / \d+$")
FONTS = {PdfTemplate.CLASSIC: "Liberation-Serif", PdfTemplate.MODERN: "DejaVu-Sans"}


@pytest.fixture(scope="module")
def renderer() -> Iterator[WeasyPrintCVRenderer]:
    renderer = WeasyPrintCVRenderer(timeout_seconds=60)
    yield renderer
    renderer.close()


@pytest.fixture(scope="module", params=VARIANTS, ids="-".join)
def variant(request: pytest.FixtureRequest) -> tuple[PdfTemplate, PageSize]:
    template, size = request.param
    return template, size


@pytest.fixture(scope="module")
def pdf(renderer: WeasyPrintCVRenderer, variant: tuple[PdfTemplate, PageSize]) -> bytes:
    template, size = variant
    rendered = renderer.render(RenderRequest(sample_markdown(), TITLE, "Sam Rivera", *variant))
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / f"two-page-cv-{template}-{size.lower()}.pdf").write_bytes(rendered)
    return rendered


def test_the_cv_reads_back_as_selectable_text_whole_and_in_order(pdf: bytes) -> None:
    assert in_order(
        whole_text(pdf),
        "Sam Rivera",
        "sam.rivera@example.com",
        "San Francisco, CA",
        "Summary",
        "Data analyst with ten years of teaching",
        "Experience",
        "Volunteer Data Analyst, Bay Area Food Bank (2023 - present)",
        "forecast weekly demand within 8% of the actual figure",
        "Chemistry Teacher, Lincoln High School",
        "Laboratory Assistant",
        "Projects",
        "School attendance analysis",
        "Education",
        "BSc Chemistry, University of California, Davis",
        "Skills",
        "Languages",
        "Spanish Fluent",
    )
    assert image_count(pdf) == 0, "text must be text, not pictures of it"
    assert link_targets(pdf) == ["https://www.linkedin.com/in/samrivera"]


def test_a_two_page_cv_has_two_pages_of_the_chosen_size(
    pdf: bytes, variant: tuple[PdfTemplate, PageSize]
) -> None:
    pages = reader(pdf).pages
    assert len(pages) == 2
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(POINTS[variant[1]], abs=1)


def test_the_metadata_names_the_person_and_the_position(pdf: bytes) -> None:
    metadata = reader(pdf).metadata
    assert metadata is not None
    assert metadata.title == TITLE
    assert metadata.author == "Sam Rivera"


def test_every_page_is_numbered_in_its_footer(pdf: bytes) -> None:
    texts = page_texts(pdf)
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {len(texts)}" in text


def test_the_text_is_set_in_the_templates_debian_font(
    pdf: bytes, variant: tuple[PdfTemplate, PageSize]
) -> None:
    names = font_names(pdf)
    assert any(name.startswith(FONTS[variant[0]]) for name in names), names
    assert all(name.startswith(("Liberation", "DejaVu")) for name in names), names


def test_no_page_ends_with_a_heading(pdf: bytes) -> None:
    headings = {
        line.lstrip("#").strip() for line in sample_markdown().splitlines() if line.startswith("#")
    }
    for text in page_texts(pdf)[:-1]:
        lines = [line.strip() for line in text.splitlines()]
        # Neither the footer (name, page number) nor list markers, which come out last.
        content = [line for line in lines if len(line) > 2 and not FOOTER.search(line)]
        assert content[-1] not in headings, f"a page ends with the heading {content[-1]!r}"


@pytest.mark.parametrize("template", list(PdfTemplate))
def test_a_heading_is_never_left_alone_at_the_foot_of_a_page(
    renderer: WeasyPrintCVRenderer, template: PdfTemplate
) -> None:
    """Somewhere in this range of lengths the heading would fall at the foot of page 1."""
    for paragraphs in range(30, 41):
        summary = "\n\n".join(
            f"Paragraph {n} of the summary, which goes on." for n in range(paragraphs)
        )
        markdown = (
            f"# Name\n\n## Summary\n\n{summary}\n\n## Education\n\nBSc (2014).\n\nThen more.\n"
        )
        request = RenderRequest(markdown, "t", "a", template, PageSize.A4)
        first_page = page_texts(renderer.render(request))[0]
        lines = [line.strip() for line in first_page.splitlines()]
        content = [line for line in lines if len(line) > 2 and not FOOTER.search(line)]
        assert content[-1].casefold() != "education", f"{paragraphs} paragraphs"


def test_the_modern_template_puts_the_name_in_every_footer(renderer: WeasyPrintCVRenderer) -> None:
    request = RenderRequest(sample_markdown(), TITLE, "Sam Rivera", PdfTemplate.MODERN, PageSize.A4)
    second_page = page_texts(renderer.render(request))[1]
    assert "Sam Rivera" in second_page


def test_each_page_is_drawn_as_an_image_for_a_person_to_look_at(
    pdf: bytes, variant: tuple[PdfTemplate, PageSize]
) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: install Debian's poppler-utils (scripts/test.sh does)"
    template, size = variant
    source = ARTEFACTS / f"two-page-cv-{template}-{size.lower()}.pdf"
    prefix = ARTEFACTS / f"two-page-cv-{template}-{size.lower()}"
    subprocess.run(  # noqa: S603  # fixed arguments
        [pdftoppm, "-png", "-r", "100", str(source), str(prefix)], check=True, timeout=60
    )
    images = sorted(ARTEFACTS.glob(f"{prefix.name}-*.png"))
    assert len(images) == 2
    assert all(image.read_bytes().startswith(b"\x89PNG") for image in images)
