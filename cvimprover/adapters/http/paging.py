"""Cursor paging with RFC 8288 Link headers."""

import base64
from collections.abc import Callable
from typing import Any, Protocol, TypeVar
from urllib.parse import urlencode

import falcon

from cvimprover.adapters.http.auth import principal_of
from cvimprover.adapters.http.errors import Problem
from cvimprover.adapters.http.schemas import PageQuery
from cvimprover.core.cvs.commands import PageRequest
from cvimprover.core.cvs.views import Page
from cvimprover.core.ids import parse_id

Item = TypeVar("Item")


class ListsPages(Protocol[Item]):
    def execute(self, command: PageRequest) -> Page[Item]: ...


def respond_with_page(
    req: falcon.Request,
    resp: falcon.Response,
    query: PageQuery,
    lister: ListsPages[Item],
    present: Callable[[Item], dict[str, Any]],
) -> None:
    """One page of the caller's items, newest first, with a Link to the next page."""
    command = PageRequest(principal_of(req).user_id, decode_cursor(query.cursor), query.limit)
    page = lister.execute(command)
    link_next(req, resp, page.next_before_id, query.limit)
    resp.media = [present(item) for item in page.items]


def encode_cursor(before_id: int) -> str:
    return base64.urlsafe_b64encode(str(before_id).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    """The id a cursor from a Link header stands for; anything else is a 400 naming it."""
    if not cursor:
        return None
    try:
        return parse_id(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except ValueError:  # not base64 (binascii.Error), not UTF-8, or no id (InvalidId)
        raise Problem(
            400, "The cursor is not valid.", errors={"cursor": ["Invalid cursor."]}
        ) from None


def link_next(
    req: falcon.Request, resp: falcon.Response, before_id: int | None, limit: int
) -> None:
    if before_id is None:
        return
    query = urlencode({"cursor": encode_cursor(before_id), "limit": limit})
    resp.append_header("Link", f'<{req.prefix}{req.path}?{query}>; rel="next"')
