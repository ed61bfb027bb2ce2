import dataclasses
import json
import math
import re
import signal
import subprocess
import sys
import unicodedata

from cvimprover.adapters.documents.layout import as_text
from cvimprover.core.cvs.model import ExtractedText, TextLine
from cvimprover.ports.documents import TextExtractor, UnreadableDocument

NOT_A_PDF = "This file is not a PDF. Please upload your CV as a PDF file."
ENCRYPTED = "This PDF is password-protected. Please upload a copy without a password."
CORRUPT = "This PDF is damaged and cannot be read. Please export your CV as a PDF again."
TOO_MANY_PAGES = "This PDF has more than {limit} pages, which is too long for a CV."
NO_TEXT = (
    "We found no text in this PDF: it is empty, or a scan or picture of a CV. Please export "
    "your CV from your word processor as a text PDF (for example with 'Save as PDF')."
)
TOO_SLOW = "This PDF took too long to read. Please export your CV as a simpler PDF."
TOO_LARGE = "This PDF is too large or complex to read. Please export your CV as a simpler PDF."

EXTRACTOR = "cvimprover.adapters.documents._extract"
DROPPED = {"\ufeff", "\ufffe", "\uffff"}
BLANK_LINES = re.compile(r"\n{3,}")
LINE_FIELDS = {field.name for field in dataclasses.fields(TextLine)}


def looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def normalise_text(raw: str) -> str:
    """One newline per line break, no control characters but newline and tab, at most
    one blank line in a row, no blank edges."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(character for character in text if _is_kept(character))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", text).strip()


def read_lines(reported: object) -> tuple[TextLine, ...]:
    """The child's lines, checked field by field, their text normalised; none left empty."""
    if not isinstance(reported, list):
        raise UnreadableDocument(TOO_LARGE)
    lines = (_line(fields) for fields in reported)
    return tuple(line for line in lines if line.text)


def _line(fields: object) -> TextLine:
    if not isinstance(fields, dict) or set(fields) != LINE_FIELDS:
        raise UnreadableDocument(TOO_LARGE)
    text, page, column = fields["text"], fields["page"], fields["column"]
    numbers = [fields["x"], fields["y"], fields["size"]]
    flags = [fields["bold"], fields["break_before"]]
    if not (isinstance(text, str) and _whole(page) and _whole(column)):
        raise UnreadableDocument(TOO_LARGE)
    if not all(_number(value) for value in numbers) or not all(type(f) is bool for f in flags):
        raise UnreadableDocument(TOO_LARGE)
    text = normalise_text(text.replace("\n", " ").replace("\r", " "))
    x, y, size = (float(value) for value in numbers)
    bold, break_before = flags
    return TextLine(text, page, x, y, size, bold, column, break_before)


def _whole(value: object) -> bool:
    return type(value) is int


def _number(value: object) -> bool:
    return type(value) in (int, float) and math.isfinite(value)  # type: ignore[arg-type]


def _is_kept(character: str) -> bool:
    if character in "\n\t":
        return True
    return character not in DROPPED and unicodedata.category(character) != "Cc"


class PdfiumTextExtractor(TextExtractor):
    """Reads the PDF in a short-lived child process with its own memory and CPU limits,
    killed after `timeout_seconds`, so a hostile PDF can neither hang nor exhaust the API."""

    def __init__(
        self,
        *,
        max_pages: int = 20,
        timeout_seconds: float = 10.0,
        memory_limit_bytes: int = 512 * 1024 * 1024,
    ) -> None:
        self._max_pages = max_pages
        self._timeout_seconds = timeout_seconds
        self._memory_limit_bytes = memory_limit_bytes

    def extract(self, pdf: bytes) -> ExtractedText:
        if not looks_like_pdf(pdf):
            raise UnreadableDocument(NOT_A_PDF)
        report = self._run_extractor(pdf)
        error, pages = report.get("error"), report.get("pages")
        if error is not None or not isinstance(pages, int):
            raise UnreadableDocument(self._explain(str(error)))
        lines = read_lines(report.get("lines"))
        text = normalise_text(as_text(lines))
        if not text:
            raise UnreadableDocument(NO_TEXT)
        return ExtractedText(text=text, pages=pages, lines=lines)

    def _run_extractor(self, pdf: bytes) -> dict[str, object]:
        try:
            finished = subprocess.run(  # noqa: S603  # our own module, fixed arguments
                self._command(),
                input=pdf,
                capture_output=True,
                timeout=self._timeout_seconds,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise UnreadableDocument(TOO_SLOW) from None
        if finished.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            raise UnreadableDocument(TOO_SLOW)
        return _parse_report(finished.returncode, finished.stdout)

    def _command(self) -> list[str]:
        cpu_seconds = math.ceil(self._timeout_seconds) + 1
        limits = [self._max_pages, self._memory_limit_bytes, cpu_seconds]
        return [sys.executable, "-I", "-m", EXTRACTOR, *map(str, limits)]

    def _explain(self, error: str) -> str:
        reasons = {
            "encrypted": ENCRYPTED,
            "corrupt": CORRUPT,
            "too_many_pages": TOO_MANY_PAGES.format(limit=self._max_pages),
        }
        return reasons.get(error, TOO_LARGE)


def _parse_report(returncode: int, stdout: bytes) -> dict[str, object]:
    """A child that died without a verdict most likely ran out of memory."""
    if returncode != 0:
        raise UnreadableDocument(TOO_LARGE)
    try:
        report = json.loads(stdout)
    except ValueError:
        raise UnreadableDocument(TOO_LARGE) from None
    if not isinstance(report, dict):
        raise UnreadableDocument(TOO_LARGE)
    return report
