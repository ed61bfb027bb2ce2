"""Quota counters in Redis, shared by every API process and worker."""

import hashlib
import os
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import redis
from redis.connection import Connection

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
    """Fixed-window counts under `<namespace>:quota:<key>`; each key expires with its window.

    An API call is taken on every authenticated request, so `take`, `give_back` and
    `counts` talk to Redis over a connection of each thread's own, kept for the thread's
    life: the client's per-command machinery (a pool checkout and return, retry wrappers)
    costs as much as the round trip to Redis itself. A dropped connection is reconnected once per
    call; a script Redis no longer knows (after a restart) is sent whole once, which
    caches it again.
    """

    def __init__(self, url: str, *, namespace: str = "cvimprover") -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._prefix = f"{namespace}:quota:"
        self._local = threading.local()

    def take(self, key: str, limit: int, expires_at: datetime) -> int | None:
        expiry_ms = int(expires_at.timestamp() * 1000)
        used = int(self._run(TAKE, key, limit, expiry_ms))
        return None if used < 0 else used

    def give_back(self, key: str) -> None:
        self._run(GIVE_BACK, key)

    def counts(self, keys: Sequence[str]) -> list[int]:
        if not keys:
            return []
        values = self._call(("MGET", *(self._prefix + key for key in keys)))
        return [int(value or 0) for value in values]

    def reset(self, key: str) -> None:
        try:
            self._redis.delete(self._prefix + key)
        except redis.RedisError as error:
            raise DependencyUnavailable(f"The quota store is unavailable: {error}") from None

    def _run(self, script: str, key: str, *args: int) -> Any:
        return self._call(("EVALSHA", _SHA1[script], 1, self._prefix + key, *args), script)

    def _call(self, command: tuple[Any, ...], script: str | None = None) -> Any:
        """One command on this thread's connection; an EVALSHA of a script Redis forgot is
        sent again as EVAL with the script's text."""
        failure: redis.RedisError | None = None
        for _ in range(2):
            connection = self._connection()
            try:
                connection.send_command(*command)  # type: ignore[no-untyped-call]
                return connection.read_response()
            except redis.exceptions.NoScriptError as error:
                if script is None:
                    failure = error
                    break
                command = ("EVAL", script, *command[2:])
            except (redis.ConnectionError, redis.TimeoutError) as error:
                connection.disconnect()  # type: ignore[no-untyped-call]  # reconnects next time
                failure = error
            except redis.RedisError as error:
                failure = error
                break
        raise DependencyUnavailable(f"The quota store is unavailable: {failure}") from None

    def _connection(self) -> Connection:
        """This thread's own connection; a new one in a forked child, whose parent's
        connection (inherited with the thread-local data) is the parent's alone."""
        owned: tuple[int, Connection] | None = getattr(self._local, "connection", None)
        if owned is None or owned[0] != os.getpid():
            connection = cast(Connection, self._redis.connection_pool.make_connection())
            self._local.connection = owned = (os.getpid(), connection)
        return owned[1]


_SHA1 = {script: hashlib.sha1(script.encode()).hexdigest() for script in (TAKE, GIVE_BACK)}  # noqa: S324 (Redis names scripts by SHA-1)
"""Redis's name for each script."""
