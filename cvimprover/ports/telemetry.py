"""What operators count: requests, jobs, AI calls and webhooks, recorded as they happen."""

from typing import Protocol


class Telemetry(Protocol):
    """Records one finished event each call; never raises, never blocks on I/O.

    Labels are small fixed vocabularies (a route template, never a raw path; a job
    kind; a vendor name; an outcome word), so the number of series stays bounded.
    """

    def request_handled(self, method: str, route: str, status: int, seconds: float) -> None: ...

    def job_handled(self, kind: str, outcome: str, seconds: float) -> None:
        """`outcome`: done (its new state is committed, success or failure alike: the
        AI figures tell those apart) or crashed (the handler raised; the job stays due)."""
        ...

    def ai_called(
        self, vendor: str, outcome: str, seconds: float, input_tokens: int, output_tokens: int
    ) -> None:
        """`outcome`: succeeded or failed (the vendor gave up after its own retries)."""
        ...

    def ai_failed_over(self, vendor: str) -> None:
        """`vendor` failed and the next configured one is tried."""
        ...

    def webhook_received(self, provider: str, event_type: str, outcome: str) -> None:
        """`outcome`: applied, duplicate, ignored or refused (bad signature, bad body)."""
        ...


class MetricsExposition(Protocol):
    """The current figures of every process, in a scraper's text format."""

    content_type: str

    def render(self) -> bytes: ...


class NoTelemetry(Telemetry):
    """Counts nothing: the default where no one watches (unit tests, one-off commands)."""

    def request_handled(self, method: str, route: str, status: int, seconds: float) -> None:
        return None

    def job_handled(self, kind: str, outcome: str, seconds: float) -> None:
        return None

    def ai_called(
        self, vendor: str, outcome: str, seconds: float, input_tokens: int, output_tokens: int
    ) -> None:
        return None

    def ai_failed_over(self, vendor: str) -> None:
        return None

    def webhook_received(self, provider: str, event_type: str, outcome: str) -> None:
        return None
