"""What both gateways' webhook signatures share: the header lookup and the replay window."""

from collections.abc import Mapping
from datetime import datetime

from cvimprover.core.errors import InvalidSignature


def header_value(headers: Mapping[str, str], name: str) -> str:
    """The header `name`, whatever its case; empty when it is missing."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), "")


def check_timestamp(signed_at: int, now: datetime, tolerance_seconds: int) -> None:
    """A signature from further in the past or the future than the tolerance is refused:
    an old one may be a replay, a future one a forgery aimed at a later replay."""
    if abs(now.timestamp() - signed_at) > tolerance_seconds:
        raise InvalidSignature("The webhook's signature timestamp is outside the tolerance.")
