"""Ids from outside are read once, by `parse_id`, into the range every id column holds; the
paging cursor, read through it, is an id or a 400 naming the cursor, whatever the string."""

import base64

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cvimprover.adapters.http.errors import Problem
from cvimprover.adapters.http.paging import decode_cursor, encode_cursor
from cvimprover.core.ids import LARGEST_ID, SMALLEST_ID, InvalidId, parse_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1), ("1", 1), ("42", 42), ("007", 7), (2**31 - 1, 2**31 - 1), ("2147483647", 2**31 - 1)],
)
def test_an_id_is_a_whole_number_in_the_columns_range(value: object, expected: int) -> None:
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1,
        2**31,
        10**30,
        "0",
        "2147483648",
        "99999999999999999999",
        "1" * 5000,  # past the digits int() takes at all
        "-1",
        "+1",
        " 1",
        "1 ",
        "1_000",
        "1.0",
        "1e3",
        "\u0661\u0662",  # Arabic-Indic digits, which int() reads as 12
        "\u00b2",  # superscript two: str.isdigit() says yes, int() says no
        "",
        True,
        1.0,
        None,
        [1],
    ],
)
def test_anything_else_is_no_id(value: object) -> None:
    with pytest.raises(InvalidId):
        parse_id(value)


def test_an_invalid_id_is_a_value_error_so_readers_of_numbers_catch_it() -> None:
    assert issubclass(InvalidId, ValueError)


@given(st.integers())
def test_an_integer_is_an_id_exactly_when_the_column_holds_it(number: int) -> None:
    if SMALLEST_ID <= number <= LARGEST_ID:
        assert parse_id(number) == parse_id(str(number)) == number
    else:
        with pytest.raises(InvalidId):
            parse_id(number)


def _cursors() -> st.SearchStrategy[str]:
    encoded = st.integers().map(encode_cursor)
    any_bytes = st.binary().map(lambda data: base64.urlsafe_b64encode(data).decode())
    return st.one_of(st.text(), encoded, any_bytes)


@given(_cursors())
@example("MjE0NzQ4MzY0OA")  # 2147483648, as the issue reported it
@example("MjE0NzQ4MzY0Nw")  # 2147483647
@example("LTE")  # -1
@example("=")
@example("\x00")
def test_any_cursor_is_an_id_in_range_or_a_400_naming_the_cursor(cursor: str) -> None:
    try:
        before_id = decode_cursor(cursor)
    except Problem as problem:
        refusal = problem
    else:
        refusal = None
    if refusal is not None:
        assert refusal.status_code == 400
        assert refusal.errors == {"cursor": ["Invalid cursor."]}
    elif not cursor:
        assert before_id is None
    else:
        assert before_id is not None
        assert SMALLEST_ID <= before_id <= LARGEST_ID


@given(st.integers(min_value=SMALLEST_ID, max_value=LARGEST_ID))
def test_the_cursor_of_a_next_link_reads_back_as_its_id(before_id: int) -> None:
    assert decode_cursor(encode_cursor(before_id)) == before_id
