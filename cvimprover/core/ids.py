"""Row ids as the outside world writes them: in a path, a paging cursor, a token's subject,
a reset link, a gateway's event, an operator's command.

Every id column is a 32-bit integer (`Integer` in adapters/db/tables.py), so an id is a
whole number from 1 to 2**31 - 1. A number past that range names nothing, and a database
that is asked for it refuses the query itself (PostgreSQL: "integer out of range"): each
id from outside is checked here once, where it is read, and never reaches a query.
"""

import re

SMALLEST_ID = 1
LARGEST_ID = 2**31 - 1
"""The largest value of PostgreSQL's `integer`, which every id column is."""

_DIGITS = re.compile(r"[0-9]{1,10}")
"""ASCII digits only: `int()` would also take signs, spaces, underscores and other
scripts' digits, none of which our ids are ever written with. Ten digits hold LARGEST_ID."""


class InvalidId(ValueError):
    """The value is not the id of anything that could be stored."""


def parse_id(value: object) -> int:
    """`value` as a row id: an int, or a string of decimal digits, from SMALLEST_ID to
    LARGEST_ID; anything else raises InvalidId."""
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        value = int(value)
    if type(value) is int and SMALLEST_ID <= value <= LARGEST_ID:  # a bool is no id
        return value
    raise InvalidId(f"An id is a whole number from {SMALLEST_ID} to {LARGEST_ID}.")
