"""The rules a questionnaire meets, and how an uploaded CV is accepted."""

import enum
import uuid
from collections.abc import Callable
from typing import Any

from cvimprover.core.cvs.commands import Upload
from cvimprover.core.cvs.model import (
    ApplicationTimeline,
    CompanySize,
    ExperienceLevel,
    Questionnaire,
)
from cvimprover.core.errors import InvalidInput
from cvimprover.ports.documents import CVReader, TextExtractor, UnreadableDocument
from cvimprover.ports.storage import BlobStorage

REQUIRED = ("position", "industry", "experience_level", "company_size", "application_timeline")
MAX_LENGTHS = {"position": 255, "industry": 255, "location": 255, "job_description": 5000}
CHOICES: dict[str, type[enum.Enum]] = {
    "experience_level": ExperienceLevel,
    "company_size": CompanySize,
    "application_timeline": ApplicationTimeline,
}
MAX_RESUME_BYTES = 10 * 1024 * 1024


def checked_fields(fields: dict[str, object], *, complete: bool) -> dict[str, Any]:
    """Typed values for the given fields, or `InvalidInput` naming each bad one."""
    errors: dict[str, list[str]] = {}
    if complete:
        for name in REQUIRED:
            if not fields.get(name):
                errors[name] = ["This field is required."]
    values: dict[str, Any] = {}
    for name, value in fields.items():
        try:
            values[name] = _checked(name, value)
        except ValueError as error:
            errors[name] = [str(error)]
    if errors:
        raise InvalidInput("The questionnaire has invalid fields.", errors=errors)
    return values


def _checked(name: str, value: object) -> object:
    if name in CHOICES:
        kinds = CHOICES[name]
        try:
            return kinds(value)
        except ValueError:
            allowed = ", ".join(f'"{kind.value}"' for kind in kinds)
            raise ValueError(f"Choose one of {allowed}.") from None
    text = "" if value is None else str(value).strip()
    if name in REQUIRED and not text:
        raise ValueError("This field may not be blank.")
    limit = MAX_LENGTHS.get(name)
    if limit and len(text) > limit:
        raise ValueError(f"Use at most {limit} characters.")
    return text


class ResumeIntake:
    """Accepts an uploaded CV: reads its text (refusing what cannot be read) and, with a
    `reader`, its structure; then keeps the original file unchanged under a key of our own."""

    def __init__(
        self,
        extractor: TextExtractor,
        storage: BlobStorage,
        new_key: Callable[[], str] = lambda: f"resumes/{uuid.uuid4().hex}",
        *,
        reader: CVReader | None = None,
    ) -> None:
        self._extractor = extractor
        self._storage = storage
        self._new_key = new_key
        self._reader = reader

    def accept(self, questionnaire: Questionnaire, upload: Upload) -> str | None:
        """Attaches the upload; returns the key of the file it replaced, if any."""
        if len(upload.data) > MAX_RESUME_BYTES:
            raise InvalidInput("The CV is too large.", errors={"resume": ["Use at most 10 MB."]})
        try:
            extracted = self._extractor.extract(upload.data)
        except UnreadableDocument as error:
            raise InvalidInput(error.reason, errors={"resume": [error.reason]}) from None
        key = self._new_key()
        self._storage.put(key, upload.data, "application/pdf")
        replaced = questionnaire.resume_key
        questionnaire.resume_key, questionnaire.resume_name = key, upload.name[:255]
        questionnaire.resume_size, questionnaire.resume_text = len(upload.data), extracted.text
        questionnaire.structured_cv = self._reader.read(extracted.text) if self._reader else None
        return replaced

    def forget(self, key: str | None) -> None:
        if key:
            self._storage.delete(key)
