"""A read whose connection the server ends under it is sent once more, on a fresh
connection, when that is safe (the statement that begins a transaction, nothing loaded);
and a pooled connection the server ended a moment ago is replaced before a request sees
it. On the real PostgreSQL: `pg_terminate_backend` ends a connection as a restart does
(AdminShutdown)."""

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event, exc, select, text

from cvimprover.adapters.db import tables
from cvimprover.adapters.db.engine import build_engine, build_session_factory, server_spoke
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.users.model import User

pytestmark = pytest.mark.integration


@pytest.fixture
def engine(postgres_url: str, pg_engine: Engine) -> Iterator[Engine]:
    """An engine of the test's own; `pg_engine` empties the tables afterwards."""
    engine = build_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def statements(engine: Engine) -> list[str]:
    """Every statement sent over the engine's connections."""
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    return sent


def end_connection_of(dbapi_connection: Any, admin: Engine) -> None:
    """Ends the connection from the server's side, as a restart does; waits until it is."""
    with admin.connect() as killer:
        killer.execute(
            text("SELECT pg_terminate_backend(:pid, 5000)"),
            {"pid": dbapi_connection.info.backend_pid},
        )


@pytest.fixture
def restart_after_checkout(engine: Engine, pg_engine: Engine) -> Callable[[], None]:
    """Arms a fault: the next connection checked out is ended by the server just after
    the pool's own check passed, as when a restart races a request."""

    armed: list[bool] = []

    def end_it(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if armed:
            armed.clear()
            end_connection_of(dbapi_connection, pg_engine)

    event.listen(engine, "checkout", end_it)  # after the engine's own check
    return lambda: armed.append(True)


def a_user(name: str = "alice") -> User:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return User(username=name, email=f"{name}@example.com", password_hash="h", date_joined=now)


USERNAMES = select(tables.users.c.username)


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "read-write"])
def test_a_first_read_whose_connection_was_ended_is_answered_on_a_fresh_one(
    engine: Engine, restart_after_checkout, statements: list[str], read_only: bool
) -> None:
    factory = build_session_factory(engine, read_only=read_only)
    restart_after_checkout()
    with factory() as session:
        assert session.execute(USERNAMES).all() == []
    assert statements.count(str(USERNAMES)) == 2


def test_a_unit_of_work_whose_first_read_met_a_restart_answers_as_usual(
    engine: Engine, restart_after_checkout
) -> None:
    factory = build_session_factory(engine, read_only=True)
    restart_after_checkout()
    with SqlAlchemyUnitOfWork(factory, read_only=True) as unit:
        assert unit.users.get_by_username("alice") is None


def test_a_read_after_a_write_in_its_transaction_is_not_sent_again(
    engine: Engine, pg_engine: Engine, statements: list[str]
) -> None:
    with build_session_factory(engine)() as session:
        session.add(a_user())
        session.flush()
        end_connection_of(session.connection().connection.dbapi_connection, pg_engine)
        with pytest.raises(exc.OperationalError) as raised:
            session.execute(USERNAMES)
    assert raised.value.connection_invalidated
    assert statements.count(str(USERNAMES)) == 1


def test_a_read_after_entities_were_loaded_is_not_sent_again(
    engine: Engine, pg_engine: Engine, statements: list[str]
) -> None:
    """Letting go of the broken connection would expire what is loaded."""
    with build_session_factory(engine)() as session:
        session.add(a_user())
        session.commit()
    with build_session_factory(engine, read_only=True)() as session:
        alice = session.scalars(select(User)).one()
        session.commit()  # a new transaction begins with the next statement
        end_connection_of(session.connection().connection.dbapi_connection, pg_engine)
        with pytest.raises(exc.OperationalError):
            session.execute(USERNAMES)
        assert alice.username == "alice"  # still loaded
    assert statements.count(str(USERNAMES)) == 1


def test_a_statement_that_fails_for_itself_is_sent_once(
    engine: Engine, statements: list[str]
) -> None:
    session = build_session_factory(engine, read_only=True)()
    with session, pytest.raises(exc.DataError):
        session.execute(text("SELECT 1 / 0"))
    assert statements.count("SELECT 1 / 0") == 1


def test_a_unit_of_work_whose_read_cannot_be_sent_again_is_dependency_unavailable(
    engine: Engine, pg_engine: Engine
) -> None:
    unit = SqlAlchemyUnitOfWork(build_session_factory(engine))
    with pytest.raises(DependencyUnavailable), unit:  # noqa: PT012 (the block is the unit)
        unit.users.add(a_user())
        assert unit.users.get_by_username("alice") is not None  # flushed: written
        end_connection_of(unit._session.connection().connection.dbapi_connection, pg_engine)
        unit.users.get_by_username("bob")


def test_an_idle_connection_has_nothing_to_say_until_the_server_ends_it(
    engine: Engine, pg_engine: Engine
) -> None:
    with engine.connect() as connection:
        dbapi_connection = connection.connection.dbapi_connection
        assert not server_spoke(dbapi_connection)  # no round trip: one poll of the socket
        pid = connection.scalar(text("SELECT pg_backend_pid()"))
        with pg_engine.connect() as killer:
            killer.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        deadline = time.monotonic() + 5
        while not server_spoke(dbapi_connection) and time.monotonic() < deadline:
            time.sleep(0.01)  # the goodbye is on its way
        assert server_spoke(dbapi_connection)
        connection.invalidate()


def test_a_pooled_connection_ended_a_moment_ago_is_replaced_unseen(
    engine: Engine, pg_engine: Engine
) -> None:
    """Under a second idle, so it is not pinged for its age: the server's goodbye tells."""
    with engine.connect() as connection:
        pid = connection.scalar(text("SELECT pg_backend_pid()"))
    with pg_engine.connect() as killer:  # the connection is back in the pool now
        killer.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
    time.sleep(0.05)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT pg_backend_pid()")) != pid
