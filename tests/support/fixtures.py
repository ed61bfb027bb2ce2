"""Fixtures shared by the integration, HTTP, end-to-end and BDD suites.

PostgreSQL and Redis come from `scripts/test.sh` (TEST_DATABASE_URL, TEST_REDIS_URL);
each test session gets a database of its own, migrated with the shipped revisions.
"""

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from falcon import testing
from sqlalchemy import Engine, create_engine, make_url, text

from cvimprover.adapters.db import migrate
from cvimprover.adapters.db.engine import build_engine
from cvimprover.config import Settings
from cvimprover.container import Container, build_container

TEST_SECRET = secrets.token_urlsafe(48)
FAST_ARGON2 = {"password_hash_memory_kib": 1024, "password_hash_time_cost": 1}


def _require(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: run the suite with scripts/test.sh")
    return value


@contextmanager
def _new_postgres_database() -> Iterator[str]:
    admin_url = make_url(_require("TEST_DATABASE_URL"))
    name = f"cvimprover_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    with _new_postgres_database() as url:
        engine = build_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture
def scratch_postgres_url() -> Iterator[str]:
    """An empty PostgreSQL database of this test's own."""
    with _new_postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> str:
    return _require("TEST_REDIS_URL")


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = build_engine(postgres_url)
    yield engine
    with engine.begin() as connection:  # every test starts from the seeded state
        connection.execute(
            text(
                "TRUNCATE users, refresh_sessions, one_time_tokens, queued_mails,"
                " questionnaires, ai_responses CASCADE"
            )
        )
    engine.dispose()


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path,
        "jwt_secret": TEST_SECRET,
        "payment_gateway": "sandbox",  # chosen, as it must be on PostgreSQL: no vendor here
        **FAST_ARGON2,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path, postgres_url: str, pg_engine: Engine) -> Settings:
    """In-process tests run no worker: mails go straight to the outbox folder."""
    return make_settings(tmp_path, database_url=postgres_url, mail_delivery="direct")


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    container = build_container(settings)
    yield container
    container.documents.renderer().close()  # its render process, if a test rendered
    container.infra.engine().dispose()


@pytest.fixture
def client(container: Container) -> testing.TestClient:
    return testing.TestClient(container.http.app())


@pytest.fixture
def outbox(settings: Settings) -> Path:
    return settings.resolved_outbox_dir
