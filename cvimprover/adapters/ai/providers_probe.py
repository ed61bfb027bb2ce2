from collections.abc import Callable

from cvimprover.ports.health import HealthProbe


class AIProvidersProbe(HealthProbe):
    """Whether the configured AI providers can be set up (names known, keys present).
    It builds no client and calls no vendor: a health check must not cost tokens, trip
    rate limits, or load vendor SDKs into API processes."""

    name = "ai"
    required = True

    def __init__(self, configured: Callable[[], list[str]]) -> None:
        self._configured = configured

    def check(self) -> str | None:
        return f"ok: {', '.join(self._configured())}"
