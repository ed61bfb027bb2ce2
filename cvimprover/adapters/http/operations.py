"""What the people running the service need from the HTTP layer: request figures,
/metrics, health for orchestrators, and CORS for the configured frontends."""

import hmac
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import falcon
from spectree import Response

from cvimprover.adapters.http.errors import Problem
from cvimprover.adapters.http.openapi import api, document_text_path
from cvimprover.adapters.http.resources import health
from cvimprover.ports.health import HealthProbe
from cvimprover.ports.telemetry import MetricsExposition, NoTelemetry, Telemetry

METRICS_PATH = "/metrics"
_CONVERTER = re.compile(r"\{(\w+):[^}]*\}")
EXPOSED_HEADERS = ("X-Request-ID", "Location", "Link", "Retry-After")
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"
document_text_path(METRICS_PATH, PROMETHEUS_TEXT)


@dataclass(frozen=True)
class Operations:
    """Built by the container; the defaults count nothing and serve no /metrics."""

    telemetry: Telemetry = field(default_factory=NoTelemetry)
    exposition: MetricsExposition | None = None
    metrics_token: str | None = None
    readiness: list[HealthProbe] = field(default_factory=list)
    cors_origins: Sequence[str] = ()


def operations_middleware(ops: Operations) -> list[Any]:
    """CORS first (its headers also go on errors), then the request figures."""
    chain: list[Any] = []
    if ops.cors_origins:
        chain.append(FrontendCors(ops.cors_origins))
    chain.append(RequestMetrics(ops.telemetry))
    return chain


def operations_routes(ops: Operations) -> dict[str, object]:
    table: dict[str, object] = {
        "/core/health/live/": health.LivenessResource(),
        "/core/health/ready/": health.ReadinessResource(ops.readiness),
    }
    if ops.exposition is not None:
        table[METRICS_PATH] = MetricsResource(ops.exposition, ops.metrics_token)
    return table


def route_label(req: falcon.Request) -> str:
    """The route template without its converters (`/cv/ai-responses/{response_id}/`):
    one series per route, never one per id. Unrouted paths share one label."""
    template = req.uri_template
    if template is None:
        return "<unrouted>"
    return _CONVERTER.sub(r"{\1}", template)


class RequestMetrics:
    """Counts each answered request by method, route template and status, with its time."""

    def __init__(self, telemetry: Telemetry) -> None:
        self._telemetry = telemetry

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.metrics_started = time.perf_counter()

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        started = getattr(req.context, "metrics_started", None)
        seconds = time.perf_counter() - started if started is not None else 0.0
        self._telemetry.request_handled(req.method, route_label(req), resp.status_code, seconds)


class MetricsResource:
    """Prometheus' scrape target. With METRICS_TOKEN set, only `Authorization: Bearer
    <token>` reads it; the figures (routes, volumes, queue depth) are for operators only."""

    def __init__(self, exposition: MetricsExposition, token: str | None) -> None:
        self._exposition = exposition
        self._token = token.encode() if token else None

    @api.validate(resp=Response(HTTP_200=None, HTTP_401=None), tags=["core"], security={})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Prometheus figures (text format 0.0.4) summed over every server process:
        requests, jobs, AI calls, tokens and failovers, webhooks, queue depth. With
        METRICS_TOKEN set, send it as `Authorization: Bearer <token>`."""
        if self._token is not None:
            scheme, _, given = (req.get_header("Authorization") or "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                given.strip().encode(), self._token
            ):
                raise Problem(
                    401,
                    "Send 'Authorization: Bearer <METRICS_TOKEN>' to read the metrics.",
                    headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
                )
        resp.content_type = self._exposition.content_type
        resp.cache_control = ["no-store"]
        resp.data = self._exposition.render()


# falcon types CORSMiddleware's parameters with ASGI request classes only.
class FrontendCors(falcon.CORSMiddleware):  # type: ignore[type-arg]
    """CORS for the configured frontend origins only, each allowed credentials (cookies);
    never a wildcard. Other origins get no CORS headers, so browsers refuse them."""

    def __init__(self, origins: Sequence[str]) -> None:
        if "*" in origins:
            raise ValueError("CORS_ALLOWED_ORIGINS lists origins; a wildcard is refused")
        super().__init__(
            allow_origins=list(origins),
            allow_credentials=list(origins),
            expose_headers=list(EXPOSED_HEADERS),
        )

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool
    ) -> None:
        # The answer depends on the Origin: shared caches must keep one per origin.
        resp.append_header("Vary", "Origin")
        super().process_response(req, resp, resource, req_succeeded)
