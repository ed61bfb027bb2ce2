from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cvimprover.core.errors import InvalidInput
from cvimprover.ports.clock import Clock
from cvimprover.ports.retention import ExpiredResult, RetentionStore
from cvimprover.ports.storage import BlobStorage

ORPHAN_GRACE = timedelta(hours=1)
"""An upload writes its file just before its row commits: younger files may be in flight."""
BATCH = 100


@dataclass(frozen=True)
class Cleanup:
    days: int


@dataclass(frozen=True)
class CleanupPlan:
    cutoff: datetime
    results: list[ExpiredResult]
    orphans: list[str]

    @property
    def result_files(self) -> int:
        return sum(len(result.file_keys) for result in self.results)

    @property
    def steps(self) -> int:
        return len(self.results) + len(self.orphans)


@dataclass
class CleanupReport:
    results: int = 0
    files: int = 0
    orphans: int = 0
    failures: list[str] = field(default_factory=list)


class CleanUpStorage:
    """Retention, for operators (`cvimprover cleanup --days N`).

    - AI results that finished (succeeded or failed) more than N days ago go, with their
      PDF renders and the PDF files; queued or running jobs are never touched;
    - files in storage that no row refers to go, once older than an hour;
    - rows go first, then their files: a crash in between leaves orphans, which the next
      run removes, never a row pointing at nothing;
    - `plan` changes nothing (a dry run shows it); `apply` carries a plan out a step at
      a time, so a caller can show progress, and reports what it did.
    """

    def __init__(self, retention: RetentionStore, storage: BlobStorage, clock: Clock) -> None:
        self._retention = retention
        self._storage = storage
        self._clock = clock

    def plan(self, command: Cleanup) -> CleanupPlan:
        if command.days < 1:
            raise InvalidInput("Keep at least one day.", errors={"days": ["At least 1."]})
        now = self._clock.now()
        results = self._retention.finished_results_before(now - timedelta(days=command.days))
        expiring = {key for result in results for key in result.file_keys}
        kept_or_expiring = self._retention.referenced_file_keys() | expiring
        orphans = sorted(
            blob.key
            for blob in self._storage.stored()
            if blob.key not in kept_or_expiring and blob.modified_at < now - ORPHAN_GRACE
        )
        return CleanupPlan(now - timedelta(days=command.days), results, orphans)

    def apply(self, plan: CleanupPlan, report: CleanupReport) -> Iterator[None]:
        """Yields once per result or orphan handled; `report` fills in as it goes."""
        for start in range(0, len(plan.results), BATCH):
            batch = plan.results[start : start + BATCH]
            self._retention.delete_results([result.ai_response_id for result in batch])
            for result in batch:
                report.results += 1
                report.files += sum(self._delete(key, report) for key in result.file_keys)
                yield
        for key in plan.orphans:
            report.orphans += self._delete(key, report)
            yield

    def _delete(self, key: str, report: CleanupReport) -> int:
        try:
            self._storage.delete(key)
        except (OSError, ValueError) as error:
            report.failures.append(f"{key}: {error}")
            return 0
        return 1
