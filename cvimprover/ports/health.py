from typing import Protocol


class HealthProbe(Protocol):
    """Checks one dependency; `check` raises when it is down."""

    name: str
    required: bool

    def check(self) -> None: ...
