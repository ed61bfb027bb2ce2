"""Reading uploaded CVs, and rendering improved ones as PDFs."""

from typing import Protocol

from cvimprover.core.cvs.model import ExtractedText
from cvimprover.core.cvs.pdfs import RenderRequest
from cvimprover.core.cvs.resume import Resume, ResumeProblem


class UnreadableDocument(Exception):
    """The upload is not a usable PDF; `reason` says why in words a person understands
    (not a PDF, encrypted, corrupt, no text - e.g. a scan -, too many pages, too slow)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TextExtractor(Protocol):
    """Extracts the text of a PDF, within time, memory and page limits."""

    def extract(self, pdf: bytes) -> ExtractedText: ...


class RenderFailed(Exception):
    """The CV cannot be rendered (too long, too many pages, too slow or too complex for
    the renderer's limits); `reason` is a sentence a person can act on. Rendering the
    same text again would fail again."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CVRenderer(Protocol):
    """Renders an improved CV as a PDF, fetching nothing from anywhere, within time,
    memory, size and page limits; or raises `RenderFailed`."""

    def render(self, request: RenderRequest) -> bytes: ...


class CVReader(Protocol):
    """Reads a CV's text, one line per line as `TextExtractor` gives it, into a `Resume`
    the schema accepts. It never fails: what it cannot place is kept as a section of its
    own (`cvimprover.core.cvs.resume`), never dropped."""

    def read(self, text: str) -> Resume: ...


class ResumeValidator(Protocol):
    """Checks a document against the JSON Resume v1.0.0 schema shipped with the project:
    every problem it has, in document order; none for a valid one."""

    def problems(self, document: object) -> list[ResumeProblem]: ...
