"""/core/health/: is every dependency up?"""

import falcon
import structlog
from spectree import Response

from cvimprover.adapters.http.openapi import api
from cvimprover.adapters.http.schemas import HealthOut
from cvimprover.ports.health import HealthProbe

log = structlog.get_logger(__name__)


class HealthResource:
    def __init__(self, probes: list[HealthProbe]) -> None:
        self._probes = probes

    @api.validate(resp=Response(HTTP_200=HealthOut, HTTP_503=HealthOut), tags=["core"], security={})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Each dependency's state; 503 when a required one is down."""
        checks, healthy = {}, True
        for probe in self._probes:
            try:
                checks[probe.name] = probe.check() or "ok"
            except Exception as error:  # a probe failing is the news, not a crash
                log.warning("health probe failed", probe=probe.name, error=str(error))
                checks[probe.name] = "down"
                healthy = healthy and not probe.required
        resp.status = falcon.HTTP_200 if healthy else falcon.HTTP_503
        resp.cache_control = ["no-store"]
        resp.media = {"status": "ok" if healthy else "unavailable", "checks": checks}
