"""The readers of gateway events' fields: what a stored row can hold is read, the rest is
an UnreadableField naming the field (an event without a recordable id: UnreadableEvent)."""

from datetime import UTC, datetime

import pytest

from cvimprover.adapters.payments.event_fields import (
    UnreadableField,
    event_id,
    iso_instant,
    optional_id,
    optional_text_id,
    unix_instant,
)
from cvimprover.core.billing.events import UnreadableEvent


def test_an_absent_id_is_none_and_one_of_ours_is_read() -> None:
    assert optional_id(None, "user") is None
    assert optional_id("", "user") is None
    assert optional_id("7", "user") == 7
    assert optional_id(2**31 - 1, "user") == 2**31 - 1


@pytest.mark.parametrize("value", ["2147483648", 2**31, "0", "-1", "seven", 7.0, True, {}])
def test_an_id_that_no_row_holds_names_its_field(value: object) -> None:
    with pytest.raises(UnreadableField) as refused:
        optional_id(value, "custom_data.user_id")
    assert refused.value.name == "custom_data.user_id"


def test_a_gateways_own_id_is_text_that_fits_its_column() -> None:
    assert optional_text_id(None, "customer") is None
    assert optional_text_id("cus_1", "customer") == "cus_1"
    assert optional_text_id("c" * 255, "customer") == "c" * 255
    for value in ("c" * 256, 42, ["cus_1"]):
        with pytest.raises(UnreadableField):
            optional_text_id(value, "customer")


@pytest.mark.parametrize("value", [None, "", "e" * 256, 10**300, ["evt_1"]])
def test_an_event_without_a_recordable_id_is_unreadable_and_unrecorded(value: object) -> None:
    with pytest.raises(UnreadableEvent) as refused:
        event_id(value, "stripe")
    assert refused.value.event_id is None
    assert refused.value.errors == {"id": ["Out of range or not valid."]}


def test_an_event_id_is_kept_as_text() -> None:
    assert event_id("evt_1", "stripe") == "evt_1"
    assert event_id(12, "sandbox") == "12"


def test_times_are_read_in_utc() -> None:
    assert unix_instant(0, "created") == datetime(1970, 1, 1, tzinfo=UTC)
    east = iso_instant("2026-11-20T12:00:00+02:00", "occurred_at")
    assert east == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert east.tzinfo is UTC


@pytest.mark.parametrize("value", [9_400_000_000_000, 10**20, -(10**20), None, "soon"])
def test_a_unix_time_past_any_calendar_names_its_field(value: object) -> None:
    with pytest.raises(UnreadableField) as refused:
        unix_instant(value, "created")
    assert refused.value.name == "created"


@pytest.mark.parametrize(
    "value",
    [
        "300000-01-01T00:00:00Z",
        "9999-12-31T23:30:00-01:00",  # 10000-01-01 in UTC
        "0001-01-01T00:30:00+01:00",  # year 0 in UTC
        "2026-11-20T10:00:00",  # no offset: which instant is it?
        "yesterday",
        None,
        1_900_000_000,
    ],
)
def test_an_rfc3339_time_no_calendar_holds_names_its_field(value: object) -> None:
    with pytest.raises(UnreadableField):
        iso_instant(value, "occurred_at")


def test_the_last_instant_a_calendar_holds_is_still_a_time() -> None:
    last = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert iso_instant("9999-12-31T18:59:59-05:00", "occurred_at") == last
