from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from cvimprover.adapters.db import migrate
from cvimprover.adapters.db.engine import build_engine
from cvimprover.adapters.db.tables import metadata

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return build_engine(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
    return build_engine(request.getfixturevalue("scratch_postgres_url"))


def test_every_revision_runs_up_down_and_up_again(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(empty_engine)
    assert {"users", "plans", "refresh_sessions", "one_time_tokens"} <= set(
        inspect(empty_engine).get_table_names()
    )


def test_the_migrated_schema_is_exactly_the_declared_one(postgres_url: str) -> None:
    engine = build_engine(postgres_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_the_four_plans_are_seeded_with_the_original_quotas(postgres_url: str) -> None:
    engine = build_engine(postgres_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT name, ai_improvements_per_day, questionnaires_per_day, uploads_per_day, "
                'api_calls_per_hour FROM plans ORDER BY "order"'
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("Free", 3, 5, 3, 100),
        ("Basic", 20, 50, 20, 300),
        ("Pro", 100, 200, 100, 600),
        ("Premium", 1000, 1000, 500, 1200),
    ]
