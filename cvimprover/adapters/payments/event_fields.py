"""What every gateway's events share: their fields, read into values a stored row can hold.

A field that is there but holds no such value (a user id past the id columns' range, a
time past any calendar's, an id longer than its column) is `UnreadableField`; the reader
of the event turns it into `UnreadableEvent`, which is recorded and changes nothing.
"""

from datetime import UTC, datetime
from typing import Any

from cvimprover.core.billing.events import UnreadableEvent
from cvimprover.core.ids import InvalidId, parse_id

LONGEST_TEXT_ID = 255
"""The length of the columns a gateway's ids are kept in (event, subscription, customer)."""


class UnreadableField(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def optional_id(value: Any, name: str) -> int | None:
    """One of our row ids, as we gave it to the gateway; None when the event has none."""
    if value is None or value == "":
        return None
    try:
        return parse_id(value)
    except InvalidId:
        raise UnreadableField(name) from None


def optional_text_id(value: Any, name: str) -> str | None:
    """One of the gateway's own ids; None when the event has none."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > LONGEST_TEXT_ID:
        raise UnreadableField(name)
    return value


def event_id(value: Any, gateway: str) -> str:
    """The id the event is recorded by: without one it cannot even be recorded."""
    if not isinstance(value, str | int) or not 0 < len(str(value)) <= LONGEST_TEXT_ID:
        raise UnreadableEvent(gateway, None, "id")
    return str(value)


def unix_instant(value: Any, name: str) -> datetime:
    """A time given in Unix seconds."""
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):  # past year 9999, say
        raise UnreadableField(name) from None


def iso_instant(value: Any, name: str) -> datetime:
    """A time given as RFC 3339 text, with its offset, in UTC."""
    try:
        instant = datetime.fromisoformat(value)
        if instant.tzinfo is None:
            raise ValueError("no offset: the time is not known")
        return instant.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):  # 9999-12-31T23:00-02:00 is past 9999
        raise UnreadableField(name) from None
