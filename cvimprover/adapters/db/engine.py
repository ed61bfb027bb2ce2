import select
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, make_url
from sqlalchemy.orm import Session, sessionmaker

from cvimprover.adapters.db.mappers import start_mappers
from cvimprover.adapters.db.read_retry import retry_reads_once
from cvimprover.core.users.model import User


def build_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine with the settings this service needs on SQLite and PostgreSQL alike."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    engine = create_engine(url, echo=echo, pool_size=10, max_overflow=10)
    _check_on_checkout(engine)
    return engine


IDLE_BEFORE_PING_SECONDS = 1.0
"""A pooled connection unused for longer is pinged before it is handed out."""
_RETURNED_AT = "returned_at"


def _check_on_checkout(engine: Engine) -> None:
    """Pessimistic disconnect handling, as `pool_pre_ping` does, at a round trip's cost
    only where it buys something. A connection that sat in the pool for over a second is
    pinged. One that served a request a moment ago is pinged only when the server has
    spoken to it since: between requests a server has nothing to say but goodbye (a
    restart sends AdminShutdown and closes the socket), so one poll(2) of the socket,
    without waiting, tells. A failed ping raises DisconnectionError, on which the pool
    discards the connection and checks out another (a fresh one if need be)."""

    @event.listens_for(engine, "connect")
    def connected(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle = time.monotonic() - record.info.get(_RETURNED_AT, 0.0)
        if idle < IDLE_BEFORE_PING_SECONDS and not server_spoke(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError(f"a pooled connection is gone: {error}") from error


def server_spoke(dbapi_connection: Any) -> bool:
    """Whether an idle psycopg connection is known broken, or has something to read."""
    try:
        if dbapi_connection.closed or dbapi_connection.broken:
            return True
        poller = select.poll()
        poller.register(dbapi_connection.fileno(), select.POLLIN)
        return bool(poller.poll(0))  # hang-ups and errors are reported too
    except Exception:  # a connection that cannot say is pinged
        return True


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def build_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions for units of work. Read-only ones run in autocommit: a query then costs no
    BEGIN and ROLLBACK round trips, and never flushes (nothing pending is ever written)."""
    start_mappers()
    if read_only:
        autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        factory = sessionmaker(bind=autocommit, expire_on_commit=False, autoflush=False)
        event.listen(factory, "before_flush", _refuse_writes)
        retry_reads_once(factory)
        return factory
    # Use cases hand their entities to views after the commit; keep them loaded.
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(factory, "after_flush", _note_owners)
    retry_reads_once(factory)
    return factory


OWNERS = "owners"
"""`session.info` key: {user id: whether the user's own row changed} of flushed changes."""


def _note_owners(session: Session, _context: Any) -> None:
    owners: dict[int, bool] = session.info.setdefault(OWNERS, {})
    for entity in (*session.new, *session.dirty, *session.deleted):
        if isinstance(entity, User) and entity.id is not None:
            owners[entity.id] = True
        elif isinstance(owner := getattr(entity, "user_id", None), int):
            owners.setdefault(owner, False)


def note_owner(session: Session, user_id: int) -> None:
    """For a change written past the ORM's flush: data `user_id` owns changed."""
    session.info.setdefault(OWNERS, {}).setdefault(user_id, False)


def _refuse_writes(session: Session, *_: Any) -> None:
    raise RuntimeError("a read-only unit of work cannot write")
