"""PDF text extraction with the real pypdfium2, in its child process, on the sample CVs of
tests/data/cvs/ (made by tests/data/make_sample_cvs.py)."""

import io
from pathlib import Path

import pytest
from PIL import Image

from cvimprover.adapters.documents import pdfium_text_extractor
from cvimprover.adapters.documents.pdfium_text_extractor import (
    PdfiumTextExtractor,
    looks_like_pdf,
    normalise_text,
    read_lines,
)
from cvimprover.core.cvs.model import TextLine
from cvimprover.ports.documents import UnreadableDocument

CVS = Path(__file__).parents[1] / "data" / "cvs"


def sample(name: str) -> bytes:
    return (CVS / name).read_bytes()


def reason_for(pdf: bytes, extractor: PdfiumTextExtractor | None = None) -> str:
    with pytest.raises(UnreadableDocument) as refused:
        (extractor or PdfiumTextExtractor()).extract(pdf)
    return refused.value.reason


def in_order(text: str, *parts: str) -> bool:
    positions = [text.find(part) for part in parts]
    return -1 not in positions and positions == sorted(positions)


def one_page_pdf(text_operators: bytes) -> bytes:
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text_operators), text_operators),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_the_text_of_a_one_page_cv_comes_out_whole_and_in_reading_order() -> None:
    extracted = PdfiumTextExtractor().extract(sample("software_engineer.pdf"))

    assert extracted.pages == 1
    assert extracted.text.startswith("Jane Doe\njane.doe@example.com | +44 20 7946 0958")
    assert in_order(
        extracted.text,
        "Summary",
        "Experience",
        "Senior Software Engineer, Acme Payments Ltd",
        "Led the rewrite of the settlement service",
        "Software Engineer, Parcelly GmbH",
        "Moved deployments from hand-run scripts",
        "Education",
        "BSc Computer Science",
        "Skills",
        "domain-driven design",
    )
    assert "\r" not in extracted.text


def test_the_pages_of_a_two_page_cv_follow_each_other() -> None:
    extracted = PdfiumTextExtractor().extract(sample("career_changer.pdf"))

    assert extracted.pages == 2
    assert in_order(
        extracted.text,
        "Sam Rivera",
        "Chemistry Teacher, Lincoln High School",
        "Presented a dashboard",
        "Projects",
        "Education",
        "SQL, Python, pandas",
    )
    assert "\n\n\n" not in extracted.text


def test_a_password_protected_pdf_is_refused_as_such() -> None:
    assert "password-protected" in reason_for(sample("encrypted.pdf"))


def test_a_truncated_pdf_is_refused_as_damaged() -> None:
    assert "damaged" in reason_for(sample("corrupt.pdf"))


@pytest.mark.parametrize("name", ["image_only.pdf", "empty_page.pdf"])
def test_a_pdf_without_text_is_refused_with_advice_to_export_a_text_pdf(name: str) -> None:
    reason = reason_for(sample(name))

    assert "no text" in reason
    assert "scan" in reason
    assert "text PDF" in reason


def test_a_picture_named_like_a_pdf_is_refused_before_any_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_child_process(*args: object, **kwargs: object) -> None:
        pytest.fail("the reader was started for a file that is not a PDF")

    monkeypatch.setattr(pdfium_text_extractor.subprocess, "run", no_child_process)
    png = io.BytesIO()
    Image.new("L", (8, 8)).save(png, format="PNG")

    assert "not a PDF" in reason_for(png.getvalue())
    assert "not a PDF" in reason_for(b"")


def test_the_pdf_signature_must_be_within_the_first_kilobyte() -> None:
    assert looks_like_pdf(b"%PDF-1.7\n")
    assert looks_like_pdf(b"\xef\xbb\xbf junk before %PDF-1.4")
    assert not looks_like_pdf(b" " * 1024 + b"%PDF-1.4")
    assert not looks_like_pdf(b"%PDF")


def test_a_pdf_with_more_pages_than_the_limit_is_refused() -> None:
    reason = reason_for(sample("career_changer.pdf"), PdfiumTextExtractor(max_pages=1))

    assert "more than 1 pages" in reason


def test_a_pdf_that_takes_longer_than_the_time_limit_is_refused_as_too_slow() -> None:
    reason = reason_for(sample("software_engineer.pdf"), PdfiumTextExtractor(timeout_seconds=0.001))

    assert "too long to read" in reason


def test_a_pdf_that_needs_more_memory_than_the_limit_is_refused_as_too_large() -> None:
    extractor = PdfiumTextExtractor(memory_limit_bytes=16 * 1024 * 1024)

    assert "too large" in reason_for(sample("software_engineer.pdf"), extractor)


def test_control_characters_in_a_pdf_do_not_reach_the_text() -> None:
    pdf = one_page_pdf(
        b"BT /F1 12 Tf 72 720 Td (Jane\\001Doe\\000x\\013y) Tj 0 -200 Td (Second\\011part) Tj ET"
    )

    assert PdfiumTextExtractor().extract(pdf).text == "JaneDoexy\nSecond\tpart"


def test_normalising_unifies_line_breaks_and_drops_invisible_characters() -> None:
    raw = "\ufeffJane\x00 Doe\r\nEngineer\ufffe\rLondon\x07\x1b\x7f\x85\tUK"

    assert normalise_text(raw) == "Jane Doe\nEngineer\nLondon\tUK"


def test_normalising_collapses_runs_of_blank_lines_and_trims_the_edges() -> None:
    raw = "\n \n Jane Doe  \r\n\r\n\r\n   \n\t\nSummary\n\n\n"

    assert normalise_text(raw) == "Jane Doe\n\nSummary"


def reported_line(**fields: object) -> dict[str, object]:
    line = {"text": "Jane Doe", "page": 1, "x": 51.4, "y": 58.9, "size": 20.0}
    return line | {"bold": True, "column": 0, "break_before": False} | fields


def test_the_lines_the_reader_reports_are_cleaned_and_typed() -> None:
    lines = read_lines(
        [reported_line(text="Jane\x00 Doe\ufeff\n"), reported_line(text="\x07"), reported_line()]
    )

    assert lines == (TextLine("Jane Doe", 1, 51.4, 58.9, 20.0, bold=True),) * 2


@pytest.mark.parametrize(
    "reported",
    [
        None,
        {"text": "Jane Doe"},
        [reported_line(page="1")],
        [reported_line(x=float("nan"))],
        [reported_line(bold=1)],
        [reported_line(column=True)],
        [{**reported_line(), "extra": 1}],
        ["Jane Doe"],
    ],
)
def test_a_malformed_line_report_is_refused_as_too_large_to_read(reported: object) -> None:
    with pytest.raises(UnreadableDocument) as refused:
        read_lines(reported)

    assert "too large" in refused.value.reason


def test_text_drawn_off_the_page_is_not_read() -> None:
    pdf = one_page_pdf(
        b"BT /F1 12 Tf 72 720 Td (Jane Doe) Tj 5000 0 Td (hidden keywords) Tj"
        b" -5072 -100000 Td (far below) Tj ET"
    )

    assert PdfiumTextExtractor().extract(pdf).text == "Jane Doe"
