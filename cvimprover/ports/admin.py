"""Read models for operators' commands."""

from typing import Protocol

from cvimprover.core.admin.model import FailedJob


class FailedJobs(Protocol):
    """Failed improvement and PDF jobs, most recently finished first."""

    def newest(self, limit: int) -> list[FailedJob]: ...
