"""What an operator sees of jobs: failed ones, named so both kinds can be told apart."""

from dataclasses import dataclass
from datetime import datetime

from cvimprover.core.cvs.model import IMPROVE_CV
from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.core.errors import InvalidInput
from cvimprover.core.ids import InvalidId, parse_id

JOB_PREFIXES = {"ai": IMPROVE_CV, "pdf": RENDER_PDF}
"""Improvements and PDF renders number their jobs separately: `ai:12` and `pdf:12` are
two different jobs."""


@dataclass(frozen=True)
class JobRef:
    kind: str
    id: int

    def __str__(self) -> str:
        prefix = next(p for p, kind in JOB_PREFIXES.items() if kind == self.kind)
        return f"{prefix}:{self.id}"

    @classmethod
    def parse(cls, text: str) -> "JobRef":
        prefix, _, number = text.strip().partition(":")
        try:
            return cls(JOB_PREFIXES[prefix.lower()], parse_id(number))
        except (KeyError, InvalidId):
            raise InvalidInput(
                f"{text!r} names no job: write ai:ID (an improvement) or pdf:ID (a PDF).",
                errors={"job": ["Use ai:ID or pdf:ID, as `cvimprover jobs failed` lists them."]},
            ) from None


@dataclass(frozen=True)
class FailedJob:
    ref: JobRef
    user_id: int
    error: str
    attempts: int
    finished_at: datetime | None
