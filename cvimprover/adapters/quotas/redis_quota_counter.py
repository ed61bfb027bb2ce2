"""Quota counters in Redis, shared by every API process and worker."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import redis

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.quotas import QuotaCounter

# One script, one atomic step: read, compare with the limit, count, set the expiry.
TAKE = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return -1 end
used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end
return used
"""
GIVE_BACK = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


class RedisQuotaCounter(QuotaCounter):
    """Fixed-window counts under `<namespace>:quota:<key>`; each key expires with its window."""

    def __init__(self, url: str, *, namespace: str = "cvimprover") -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._prefix = f"{namespace}:quota:"
        self._take = self._redis.register_script(TAKE)
        self._give_back = self._redis.register_script(GIVE_BACK)

    def take(self, key: str, limit: int, expires_at: datetime) -> int | None:
        expiry_ms = int(expires_at.timestamp() * 1000)
        used = int(self._run(self._take, key, limit, expiry_ms))
        return None if used < 0 else used

    def give_back(self, key: str) -> None:
        self._run(self._give_back, key)

    def counts(self, keys: Sequence[str]) -> list[int]:
        if not keys:
            return []
        try:
            values = cast(list[Any], self._redis.mget([self._prefix + key for key in keys]))
        except redis.RedisError as error:
            raise DependencyUnavailable(f"The quota store is unavailable: {error}") from None
        return [int(value or 0) for value in values]

    def reset(self, key: str) -> None:
        try:
            self._redis.delete(self._prefix + key)
        except redis.RedisError as error:
            raise DependencyUnavailable(f"The quota store is unavailable: {error}") from None

    def _run(self, script: Any, key: str, *args: int) -> Any:
        try:
            return script(keys=[self._prefix + key], args=list(args))
        except redis.RedisError as error:
            raise DependencyUnavailable(f"The quota store is unavailable: {error}") from None
