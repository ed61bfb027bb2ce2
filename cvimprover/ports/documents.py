"""Reading uploaded CVs."""

from typing import Protocol

from cvimprover.core.cvs.model import ExtractedText


class UnreadableDocument(Exception):
    """The upload is not a usable PDF; `reason` says why in words a person understands
    (not a PDF, encrypted, corrupt, no text - e.g. a scan -, too many pages, too slow)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TextExtractor(Protocol):
    """Extracts the text of a PDF, within time, memory and page limits."""

    def extract(self, pdf: bytes) -> ExtractedText: ...
