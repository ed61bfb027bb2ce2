"""The replay window both gateways' signatures share: refused when too old or too new."""

from datetime import datetime

from cvimprover.core.errors import InvalidSignature


def check_timestamp(signed_at: int, now: datetime, tolerance_seconds: int) -> None:
    """A signature from further in the past or the future than the tolerance is refused:
    an old one may be a replay, a future one a forgery aimed at a later replay."""
    if abs(now.timestamp() - signed_at) > tolerance_seconds:
        raise InvalidSignature("The webhook's signature timestamp is outside the tolerance.")
