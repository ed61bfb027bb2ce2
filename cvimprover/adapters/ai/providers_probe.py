from collections.abc import Callable

from cvimprover.ports.health import HealthProbe
from cvimprover.ports.llm import CVImprover


class AIProvidersProbe(HealthProbe):
    """Whether the configured AI providers can be set up (keys present, names known).
    It calls no vendor: a health check must not cost tokens or trip rate limits."""

    name = "ai"
    required = True

    def __init__(self, improvers: Callable[[], list[CVImprover]]) -> None:
        self._improvers = improvers

    def check(self) -> str | None:
        names = [improver.name for improver in self._improvers()]
        return f"ok: {', '.join(names)}"
