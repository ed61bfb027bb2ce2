"""Which database errors are "the database is out of reach" (503 + Retry-After), and how
the unit of work reports them. The errors are real: a PostgreSQL port nothing listens on,
a SQLite file another connection holds locked, statements SQLite refuses."""

import socket
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, create_engine, exc, text

from cvimprover.adapters.db import migrate
from cvimprover.adapters.db.connection_failures import is_connection_lost, is_unavailable
from cvimprover.adapters.db.engine import build_engine, build_session_factory
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork
from cvimprover.adapters.http.errors import problem_from_domain_error
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.users.model import User


@pytest.fixture
def nowhere() -> str:
    """A PostgreSQL URL whose port nothing listens on: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite file; its connections give up on a lock at once."""
    url = f"sqlite:///{tmp_path / 'locked.sqlite3'}"
    migrate.upgrade(build_engine(url))
    engine = create_engine(url, connect_args={"timeout": 0})
    yield engine
    engine.dispose()


def refused(url: str) -> exc.OperationalError:
    engine = create_engine(url)
    with pytest.raises(exc.OperationalError) as raised, engine.connect():
        pass
    engine.dispose()
    return raised.value


def a_user() -> User:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return User(username="alice", email="alice@example.com", password_hash="h", date_joined=now)


def test_a_refused_connection_is_unavailable_but_not_a_lost_one(nowhere: str) -> None:
    error = refused(nowhere)
    assert is_unavailable(error)
    assert not is_connection_lost(error)  # it was a fresh attempt: no point sending again


def test_a_connection_the_server_ended_is_unavailable_and_lost() -> None:
    shutdown = psycopg.errors.AdminShutdown("terminating connection due to administrator command")
    error = exc.OperationalError("SELECT 1", {}, shutdown, connection_invalidated=True)
    assert is_unavailable(error)
    assert is_connection_lost(error)
    assert is_unavailable(shutdown)  # unwrapped, as psycopg raises it


def test_a_closed_connection_is_unavailable_when_sqlalchemy_found_it_broken() -> None:
    closed = psycopg.InterfaceError("the connection is closed")
    broken = exc.InterfaceError("SELECT 1", {}, closed, connection_invalidated=True)
    assert is_unavailable(broken)
    assert is_connection_lost(broken)
    misuse = exc.InterfaceError("SELECT 1", {}, psycopg.InterfaceError("wrong use"))
    assert not is_unavailable(misuse)  # a fault of ours: a 500, logged


def test_a_pool_with_no_connection_free_in_time_is_unavailable() -> None:
    assert is_unavailable(exc.TimeoutError("QueuePool limit of size 10 overflow 10 reached"))


def test_a_database_locked_by_another_connection_is_unavailable(sqlite_file: Engine) -> None:
    with sqlite_file.connect() as holder:
        holder.exec_driver_sql("BEGIN EXCLUSIVE")
        with pytest.raises(exc.OperationalError) as raised, sqlite_file.connect() as other:
            other.execute(text("DELETE FROM users"))
        holder.rollback()
    assert isinstance(raised.value.orig, sqlite3.OperationalError)
    assert is_unavailable(raised.value)
    assert not is_connection_lost(raised.value)


def test_statements_the_database_refuses_are_not_unavailability(sqlite_file: Engine) -> None:
    with sqlite_file.connect() as connection:
        with pytest.raises(exc.IntegrityError) as integrity:
            connection.execute(text("INSERT INTO users (username) VALUES (NULL)"))
        connection.rollback()
    assert not is_unavailable(integrity.value)
    assert not is_unavailable(ValueError("not a database error"))


def test_a_unit_of_work_reports_a_database_out_of_reach_as_dependency_unavailable(
    nowhere: str,
) -> None:
    factory = build_session_factory(build_engine(nowhere), read_only=True)
    unit = SqlAlchemyUnitOfWork(factory, read_only=True)
    with pytest.raises(DependencyUnavailable) as raised, unit:
        unit.users.get_by_username("alice")
    assert raised.value.retry_after > 0
    assert isinstance(raised.value.__cause__, exc.OperationalError)


def test_a_commit_the_database_cannot_take_now_is_dependency_unavailable(
    sqlite_file: Engine,
) -> None:
    with sqlite_file.connect() as holder:
        holder.exec_driver_sql("BEGIN EXCLUSIVE")
        unit = SqlAlchemyUnitOfWork(build_session_factory(sqlite_file))
        with pytest.raises(DependencyUnavailable), unit:  # noqa: PT012 (the block is the unit)
            unit.users.add(a_user())
            unit.commit()
        holder.rollback()


def test_other_errors_leave_a_unit_of_work_as_they_are(nowhere: str) -> None:
    factory = build_session_factory(build_engine(nowhere))
    with pytest.raises(ValueError, match="not the database"), SqlAlchemyUnitOfWork(factory):
        raise ValueError("not the database")


def test_dependency_unavailable_answers_503_with_its_retry_after() -> None:
    problem = problem_from_domain_error(DependencyUnavailable("down", retry_after=7))
    assert problem.status_code == 503
    assert problem.headers is not None
    assert problem.headers["Retry-After"] == "7"
    default = problem_from_domain_error(DependencyUnavailable("down"))
    assert default.headers is not None
    assert int(default.headers["Retry-After"]) > 0
