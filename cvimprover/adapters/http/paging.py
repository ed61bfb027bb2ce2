"""Cursor paging with RFC 8288 Link headers."""

import base64
import binascii
from urllib.parse import urlencode

import falcon

from cvimprover.adapters.http.errors import Problem


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        value = int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        value = 0
    if value <= 0:
        raise Problem(400, "The cursor is not valid.", errors={"cursor": ["Invalid cursor."]})
    return value


def link_next(
    req: falcon.Request, resp: falcon.Response, before_id: int | None, limit: int
) -> None:
    if before_id is None:
        return
    cursor = base64.urlsafe_b64encode(str(before_id).encode()).decode().rstrip("=")
    query = urlencode({"cursor": cursor, "limit": limit})
    resp.append_header("Link", f'<{req.prefix}{req.path}?{query}>; rel="next"')
