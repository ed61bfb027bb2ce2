"""Cross-cutting request handling: request ids, access logs, body limits."""

import re
import time
import uuid

import falcon
import structlog

from cvimprover.adapters.http.errors import Problem
from cvimprover.adapters.http.pages import as_page

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
access_log = structlog.get_logger("cvimprover.access")


class RequestContext:
    """Gives every request an id (the caller's, when it is sane), logs one line per request."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        given = req.get_header(REQUEST_ID_HEADER) or ""
        req.context.request_id = given if _ACCEPTABLE_ID.match(given) else uuid.uuid4().hex
        req.context.started = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=req.context.request_id)
        resp.set_header(REQUEST_ID_HEADER, req.context.request_id)

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: object, params: object
    ) -> None:
        if getattr(resource, "for_people", False):
            as_page(req)  # every refusal from here on is a page too

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        started = getattr(req.context, "started", None)
        elapsed_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        access_log.info(
            "request",
            method=req.method,
            path=req.path,
            status=resp.status_code,
            duration_ms=round(elapsed_ms, 2),
        )
        structlog.contextvars.clear_contextvars()


class BodyLimit:
    """Refuses bodies over the limit from their declared length, before reading them
    (once routed, so that a page's refusal is a page)."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: object, params: object
    ) -> None:
        length = req.content_length
        if length is not None and length > self._max_bytes:
            raise Problem(413, f"The request body is larger than {self._max_bytes} bytes.")
        chunked = "chunked" in (req.get_header("Transfer-Encoding") or "").lower()
        if length is None and chunked:
            raise Problem(411, "Send a Content-Length header with the request body.")
