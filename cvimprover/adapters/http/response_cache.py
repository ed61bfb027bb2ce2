"""Answers repeated reads from the per-user read cache.

Only GETs of resources that declare `cache_reads = True`, by an authenticated caller, for
200 JSON answers. The cache forgets a user's answers at the commit of any change to
their data (see the change feed), so a cached answer is what the database would say.
Per-request headers (request id, cookies) are made fresh; only the body, its type and
the paging `Link` are kept.

The process that commits a change forgets what it changed before it answers (see the unit
of work), so a client always reads its own writes back; other processes hear of the commit
through the change feed, within milliseconds.
"""

from dataclasses import dataclass
from typing import Any

import falcon

from cvimprover.adapters.http.auth import principal_of
from cvimprover.ports.read_cache import ReadCache

KEPT_HEADERS = ("Link",)


@dataclass(frozen=True)
class CachedAnswer:
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...]


class ResponseCache:
    def __init__(self, cache: ReadCache) -> None:
        self._cache = cache

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: object, params: dict[str, Any]
    ) -> None:
        if not _cacheable(req, resource):
            return
        user_id = principal_of(req).user_id
        generation = self._cache.generation(user_id)
        if generation is None:
            return
        answer = self._cache.get(user_id, _key(req))
        if isinstance(answer, CachedAnswer):
            resp.data = answer.body
            resp.content_type = answer.content_type
            for name, value in answer.headers:
                resp.set_header(name, value)
            resp.complete = True
            return
        req.context.read_generation = generation

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        generation = getattr(req.context, "read_generation", None)
        if generation is None or not succeeded or resp.status_code != 200:
            return
        body = resp.render_body()
        if not isinstance(body, bytes) or resp.content_type != falcon.MEDIA_JSON:
            return
        kept = tuple((name, value) for name in KEPT_HEADERS if (value := resp.get_header(name)))
        answer = CachedAnswer(body, resp.content_type, kept)
        self._cache.put(
            principal_of(req).user_id, _key(req), answer, generation=generation, size=len(body)
        )


def _cacheable(req: falcon.Request, resource: object) -> bool:
    return (
        req.method == "GET"
        and getattr(resource, "cache_reads", False)
        and getattr(req.context, "principal", None) is not None
        and not req.get_header("Prefer")
    )


def _key(req: falcon.Request) -> str:
    return f"GET {req.relative_uri}"
