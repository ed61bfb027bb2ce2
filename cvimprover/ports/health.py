from typing import Protocol


class HealthProbe(Protocol):
    """Checks one dependency; `check` raises when it is down, and may return a detail
    worth showing (what is configured, say) instead of a plain "ok"."""

    name: str
    required: bool

    def check(self) -> str | None: ...
