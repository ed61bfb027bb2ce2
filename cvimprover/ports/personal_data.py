"""Everything stored about one person, read for a data export (their right of access)."""

from dataclasses import dataclass
from typing import Protocol

JsonValue = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None


@dataclass(frozen=True)
class StoredFile:
    key: str
    """Where the file is kept (BlobStorage)."""
    name: str
    """Its path inside the export, made of ids only, e.g. `files/questionnaire-12-resume.pdf`."""


@dataclass(frozen=True)
class PersonalRecords:
    profile: dict[str, JsonValue]
    """The account, its plan by name and its subscription state; no secrets."""
    sections: dict[str, list[dict[str, JsonValue]]]
    """Every other stored row that names the person, by kind (questionnaires,
    ai_responses, pdf_renders, sessions...), oldest first."""
    files: list[StoredFile]


class PersonalDataSource(Protocol):
    """Reads all the rows about one person, with values as plain JSON types (instants as
    ISO 8601) and secrets left out: password hashes, token digests and ids."""

    def records_of(self, user_id: int) -> PersonalRecords | None:
        """None when there is no such user."""
        ...


class ExportWriter(Protocol):
    """Where an export is written, one part at a time, so that only one file of it is in
    memory at once (the HTTP adapter writes a zip to a spooled temporary file)."""

    def add_file(self, name: str, data: bytes) -> None: ...

    def add_document(self, document: dict[str, object]) -> None:
        """The JSON document that describes the export; written last."""
        ...
