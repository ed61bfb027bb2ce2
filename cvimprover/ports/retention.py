"""Retention: old results and the files they leave behind, across every owner."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class ExpiredResult:
    ai_response_id: int
    file_keys: list[str]
    """The PDFs rendered of it."""


class RetentionStore(Protocol):
    """Finds and removes rows for the operator's retention; each call is its own
    transaction."""

    def finished_results_before(self, cutoff: datetime) -> list[ExpiredResult]:
        """AI results that succeeded or failed and were created before `cutoff`, oldest
        first; jobs still queued or running are never among them."""
        ...

    def delete_results(self, ai_response_ids: list[int]) -> None:
        """Removes them with their PDF renders, and commits."""
        ...

    def referenced_file_keys(self) -> set[str]:
        """Every storage key a row refers to (uploaded CVs, rendered PDFs)."""
        ...
