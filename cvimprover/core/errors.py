"""Error kinds shared by every bounded context.

The HTTP adapter maps each kind to one status code; use cases only ever raise these.
"""

from collections.abc import Mapping


class DomainError(Exception):
    """Base of every error a use case may raise on purpose."""

    def __init__(self, detail: str, *, errors: Mapping[str, list[str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors: dict[str, list[str]] = dict(errors or {})


class NotFound(DomainError):
    """The thing does not exist, or belongs to someone else."""


class Conflict(DomainError):
    """The request clashes with the current state (a taken username, say)."""


class PermissionDenied(DomainError):
    """The caller is known but may not do this."""


class AuthenticationFailed(DomainError):
    """Credentials or tokens are missing, wrong, expired or revoked."""


class InvalidInput(DomainError):
    """The input breaks a business rule; `errors` names the fields."""


class TooManyAttempts(DomainError):
    """The caller must wait `retry_after` seconds before trying again."""

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


RETRY_UNAVAILABLE_AFTER_SECONDS = 5
"""What a caller is told to wait when a dependency is down: a restart takes seconds."""


class DependencyUnavailable(DomainError):
    """A service the use case needs is down; trying again in `retry_after` seconds may work."""

    def __init__(self, detail: str, *, retry_after: int = RETRY_UNAVAILABLE_AFTER_SECONDS) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class QuotaExceeded(TooManyAttempts):
    """The caller's plan allows no more of this until its window resets.

    `details` says which quota, its limit, when it resets and which plan would allow more.
    """

    def __init__(self, detail: str, *, retry_after: int, details: Mapping[str, object]) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.details = dict(details)


class InvalidSignature(DomainError):
    """A message claims to come from a partner (a payment gateway) and cannot prove it."""
