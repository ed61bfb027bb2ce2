"""/core/health/ and an orchestrator's two questions: is the process alive, is it ready?

- /core/health/: every dependency (database, broker, cache, AI providers); 503 when a
  required one is down. For people and monitoring.
- /core/health/live/: the process answers; no I/O at all, so a slow database never gets
  a healthy process restarted.
- /core/health/ready/: the database answers and its schema is at the shipped revision;
  503 otherwise, so no traffic reaches a process that cannot serve it.
"""

import falcon
import structlog
from spectree import Response

from cvimprover.adapters.http.openapi import api
from cvimprover.adapters.http.schemas import HealthOut
from cvimprover.ports.health import HealthProbe

log = structlog.get_logger(__name__)


def _report(probes: list[HealthProbe], resp: falcon.Response) -> None:
    checks, healthy = {}, True
    for probe in probes:
        try:
            checks[probe.name] = probe.check() or "ok"
        except Exception as error:  # a probe failing is the news, not a crash
            log.warning("health probe failed", probe=probe.name, error=str(error))
            checks[probe.name] = "down"
            healthy = healthy and not probe.required
    resp.status = falcon.HTTP_200 if healthy else falcon.HTTP_503
    resp.cache_control = ["no-store"]
    resp.media = {"status": "ok" if healthy else "unavailable", "checks": checks}


class HealthResource:
    def __init__(self, probes: list[HealthProbe]) -> None:
        self._probes = probes

    @api.validate(resp=Response(HTTP_200=HealthOut, HTTP_503=HealthOut), tags=["core"], security={})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Each dependency's state; 503 when a required one is down."""
        _report(self._probes, resp)


class LivenessResource:
    @api.validate(resp=Response(HTTP_200=HealthOut), tags=["core"], security={})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Liveness: the process answers. Checks no dependency (restart only on silence)."""
        resp.cache_control = ["no-store"]
        resp.media = {"status": "ok", "checks": {}}


class ReadinessResource:
    def __init__(self, probes: list[HealthProbe]) -> None:
        self._probes = probes

    @api.validate(resp=Response(HTTP_200=HealthOut, HTTP_503=HealthOut), tags=["core"], security={})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Readiness: the database answers and its schema is at the shipped revision;
        503 until then (send this process no traffic)."""
        _report(self._probes, resp)
