import redis

from cvimprover.ports.health import HealthProbe


class RedisProbe(HealthProbe):
    """The Redis that keeps quota counters and login throttles (when one is configured):
    without it logins and AI requests cannot be counted, so it is required."""

    name = "cache"
    required = True

    def __init__(self, urls: list[str]) -> None:
        # redis-py connects on the first command: building clients here does no I/O.
        self._clients = [
            redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2) for url in urls
        ]

    def check(self) -> str | None:
        if not self._clients:
            return "ok: in-process"
        for client in self._clients:
            client.ping()
        return "ok: redis"
