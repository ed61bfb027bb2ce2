import json
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


def test_subscriptions_from_before_gateways_were_recorded_get_the_gateway_of_their_ids(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine, "0008")
    rows = {
        "stripe_old": ("cus_NffrFeUfNV2Hib", "sub_1MowQVLkdIwHu7ixeRlqHVzs", None),
        "stripe_customer_only": ("cus_Abc123", None, None),
        "paddle_old": ("ctm_01h8441jn5pcwrfhwh78jqt8hk", "sub_01h04vsc0qhwtsbsxh3422wjs4", None),
        "sandbox_old": ("cus_sandbox_7", "sub_sandbox_0123456789abcdef01234567", None),
        "never_paid": (None, None, None),
        "recorded": ("cus_Recorded1", "sub_1Recorded", "paddle"),
    }
    with empty_engine.begin() as connection:
        for name, (customer, subscription, gateway) in rows.items():
            connection.execute(
                text(
                    "INSERT INTO users (username, email, password_hash, first_name, last_name,"
                    " is_staff, is_active, email_verified, session_version, date_joined,"
                    " stripe_customer_id, stripe_subscription_id, subscription_gateway)"
                    " VALUES (:name, :email, 'h', '', '', false, true, false, 1,"
                    " CURRENT_TIMESTAMP, :customer, :subscription, :gateway)"
                ),
                {
                    "name": name,
                    "email": f"{name}@example.com",
                    "customer": customer,
                    "subscription": subscription,
                    "gateway": gateway,
                },
            )

    migrate.upgrade(empty_engine)

    with empty_engine.connect() as connection:
        found = dict(
            connection.execute(text("SELECT username, subscription_gateway FROM users")).all()
        )
    assert found == {
        "stripe_old": "stripe",
        "stripe_customer_only": "stripe",
        "paddle_old": "paddle",
        "sandbox_old": "sandbox",
        "never_paid": None,
        "recorded": "paddle",  # a gateway already recorded is kept
    }


OLD_ANSWER = (
    "# Jane Doe\n\n## Summary\n\nBackend engineer.\n\n## Gaps to address\n\n"
    "The job description asks for these:\n\n- **Kubernetes**\n- Terraform\n"
)


def test_gaps_printed_in_older_answers_move_out_of_the_cv_and_back_on_downgrade(
    empty_engine: Engine,
) -> None:
    migrate.upgrade(empty_engine, "0010")
    with empty_engine.begin() as connection:
        user = connection.execute(
            text(
                "INSERT INTO users (username, email, password_hash, first_name, last_name,"
                " is_staff, is_active, email_verified, session_version, date_joined)"
                " VALUES ('jane', 'jane@example.com', 'h', '', '', false, true, false, 1,"
                " CURRENT_TIMESTAMP) RETURNING id"
            )
        ).scalar_one()
        questionnaire = connection.execute(
            text(
                "INSERT INTO questionnaires (user_id, position, industry, experience_level,"
                " company_size, location, application_timeline, job_description, submitted_at)"
                " VALUES (:user, 'p', 'i', '3-5', 'startup', '', 'immediate', '',"
                " CURRENT_TIMESTAMP) RETURNING id"
            ),
            {"user": user},
        ).scalar_one()
        for answer in (OLD_ANSWER, "# Jane Doe\n\n## Summary\n\nNo gaps.\n", None):
            connection.execute(
                text(
                    "INSERT INTO ai_responses (user_id, questionnaire_id, prompt, status,"
                    " response_text, attempts, created_at, next_attempt_at)"
                    " VALUES (:user, :questionnaire, 'p', :status, :answer, 1,"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {
                    "user": user,
                    "questionnaire": questionnaire,
                    "answer": answer,
                    "status": "succeeded" if answer else "queued",
                },
            )

    migrate.upgrade(empty_engine)

    select = text("SELECT response_text, gaps FROM ai_responses ORDER BY id")
    with empty_engine.connect() as connection:
        rows = [(answer, _json(gaps)) for answer, gaps in connection.execute(select)]
    assert rows == [
        ("# Jane Doe\n\n## Summary\n\nBackend engineer.\n", ["Kubernetes", "Terraform"]),
        ("# Jane Doe\n\n## Summary\n\nNo gaps.\n", []),
        (None, []),
    ]

    migrate.downgrade(empty_engine, "0010")

    with empty_engine.connect() as connection:
        first = connection.execute(text("SELECT response_text FROM ai_responses ORDER BY id"))
        restored = first.scalars().first()
    assert restored == (
        "# Jane Doe\n\n## Summary\n\nBackend engineer.\n\n## Gaps to address\n\n"
        "- Kubernetes\n- Terraform\n"
    )


def _json(value: object) -> object:
    """A JSON column as PostgreSQL's driver gives it (parsed) and SQLite's (text)."""
    return json.loads(value) if isinstance(value, str) else value
