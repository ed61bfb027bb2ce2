from cvimprover.core.admin.model import FailedJob
from cvimprover.ports.admin import FailedJobs


class ListFailedJobs:
    """Failed improvement and PDF jobs, most recently failed first, at most `limit`."""

    def __init__(self, failed: FailedJobs) -> None:
        self._failed = failed

    def execute(self, limit: int = 50) -> list[FailedJob]:
        return self._failed.newest(max(1, min(limit, 1000)))
