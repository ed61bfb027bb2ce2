"""PostgreSQL's change notifications (LISTEN), passed on to a read cache.

Migration 0004's triggers NOTIFY at commit: `u:<user id>` when a user's own row changed,
`d:<user id>` when something they own did, `*` when something everybody reads did. While
the connection is down the listener is told so, and caches nothing: a missed notification
must never leave a stale read.
"""

import threading

import psycopg
import structlog
from psycopg.conninfo import make_conninfo
from sqlalchemy import make_url

from cvimprover.ports.read_cache import ChangeListener

CHANNEL = "cvimprover_changes"
log = structlog.get_logger(__name__)
APPLICATION_NAME = "cvimprover-change-feed"
_CONNECTION_OPTIONS: dict[str, str | int] = {
    "application_name": APPLICATION_NAME,
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}


class PostgresChangeFeed:
    def __init__(
        self, database_url: str, listener: ChangeListener, *, retry_seconds: float = 1.0
    ) -> None:
        url = make_url(database_url).set(drivername="postgresql")
        self._conninfo = make_conninfo(
            url.render_as_string(hide_password=False), **_CONNECTION_OPTIONS
        )
        self._listener = listener
        self._retry_seconds = retry_seconds
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="change-feed", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen()
            except psycopg.Error as error:
                log.warning("change feed lost; reads are not cached", error=str(error))
            self._listener.feed_lost()
            self._stopping.wait(self._retry_seconds)

    def _listen(self) -> None:
        with psycopg.connect(self._conninfo, autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self._listener.feed_connected()
            log.info("change feed connected; reads are cached")
            while not self._stopping.is_set():
                for notice in conn.notifies(timeout=1.0):
                    self._dispatch(notice.payload)
                conn.execute("SELECT 1")  # a silently dead connection must not pass for quiet

    def _dispatch(self, payload: str) -> None:
        kind, _, user_id = payload.partition(":")
        if kind == "u" and user_id.isdigit():
            self._listener.user_changed(int(user_id))
        elif kind == "d" and user_id.isdigit():
            self._listener.data_changed(int(user_id))
        else:
            self._listener.everything_changed()


class NoChangeFeed:
    """For databases without notifications (SQLite): reads are never cached."""

    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None
