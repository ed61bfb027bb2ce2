"""Quota counters in a SQLite file: exact across the processes of one machine, no server.

For the embedded mode, where gunicorn runs several API processes and `cvimprover serve`
a job worker beside them: in-memory counters would count per process, and a failed AI
job (in the worker) could not give its use back to the API's count.
"""

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.quotas import QuotaCounter

SCHEMA = """
CREATE TABLE IF NOT EXISTS quota_counts (
    key TEXT PRIMARY KEY, used INTEGER NOT NULL, expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS quota_counts_expires_at ON quota_counts (expires_at);
"""
# One statement, one atomic step: a key counts up only while it is under the limit.
TAKE = """
INSERT INTO quota_counts (key, used, expires_at) VALUES (:key, 1, :expires_at)
ON CONFLICT (key) DO UPDATE SET used = used + 1 WHERE used < :limit
RETURNING used
"""


class SqliteQuotaCounter(QuotaCounter):
    """Fixed-window counts in a table of their own, outside the application's database
    (they are not data to migrate or back up); each write is one immediate transaction,
    which SQLite runs one at a time across processes."""

    def __init__(self, path: Path) -> None:
        self._path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)

    def take(self, key: str, limit: int, expires_at: datetime) -> int | None:
        if limit <= 0:
            return None
        with self._transaction() as connection:
            connection.execute("DELETE FROM quota_counts WHERE expires_at <= ?", (_now(),))
            row = connection.execute(
                TAKE, {"key": key, "expires_at": expires_at.timestamp(), "limit": limit}
            ).fetchone()
        return None if row is None else int(row[0])

    def give_back(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute(
                "UPDATE quota_counts SET used = used - 1 WHERE key = ? AND used > 0", (key,)
            )

    def counts(self, keys: Sequence[str]) -> list[int]:
        marks = ", ".join("?" for _ in keys)  # placeholders only: the keys are parameters
        query = f"SELECT key, used FROM quota_counts WHERE key IN ({marks}) AND expires_at > ?"  # noqa: S608
        with self._connection() as connection:
            found = dict(connection.execute(query, (*keys, _now())).fetchall())
        return [int(found.get(key, 0)) for key in keys]

    def reset(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM quota_counts WHERE key = ?", (key,))

    def _connection(self) -> "_Connection":
        return _Connection(self._path, immediate=False)

    def _transaction(self) -> "_Connection":
        return _Connection(self._path, immediate=True)


class _Connection:
    """A connection for one operation (cheap for SQLite; never shared across threads or a
    fork); `immediate` takes the write lock at once, so no two takes interleave."""

    def __init__(self, path: Path, *, immediate: bool) -> None:
        self._path = path
        self._immediate = immediate

    def __enter__(self) -> sqlite3.Connection:
        try:
            self._db = sqlite3.connect(self._path, timeout=30, isolation_level=None)
            if self._immediate:
                self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise DependencyUnavailable(f"The quota store is unavailable: {error}") from None
        return self._db

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: object
    ) -> None:
        try:
            if self._immediate:
                self._db.execute("ROLLBACK" if kind else "COMMIT")
        finally:
            self._db.close()
        if isinstance(error, sqlite3.Error):  # locked past the timeout, disk full, ...
            raise DependencyUnavailable(f"The quota store is unavailable: {error}") from None


def _now() -> float:
    return datetime.now(UTC).timestamp()
