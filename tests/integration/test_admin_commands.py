"""Operators' commands against the real database and broker: `set-plan`, `jobs failed`,
`jobs retry`."""

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from cvimprover.cli import app
from tests.http.helpers import bearer, sign_up
from tests.http.test_cvs import PROMPT, upload
from tests.support.fixtures import TEST_SECRET

pytestmark = pytest.mark.integration


@pytest.fixture
def cli(settings):
    env = {
        "DATABASE_URL": settings.resolved_database_url,
        "DATA_DIR": str(settings.data_dir),
        "JWT_SECRET": TEST_SECRET,
        "PAYMENT_GATEWAY": "sandbox",
    }

    def run(*args: str):
        return CliRunner().invoke(app, list(args), env=env)

    return run


def test_set_plan_puts_a_user_on_another_plan(cli, client) -> None:
    person = sign_up(client, "planner")
    result = cli("set-plan", "planner@example.com", "pro")
    assert result.exit_code == 0, result.output
    assert "planner" in result.output
    assert "plan Free -> Pro" in result.output
    profile = client.simulate_get("/auth/user/", headers=bearer(person["access"]))
    assert profile.json["plan"]["name"] == "Pro"


def test_set_plan_names_the_plans_when_the_plan_is_unknown(cli, client) -> None:
    sign_up(client, "planner")
    result = cli("set-plan", "planner", "platinum")
    assert result.exit_code == 1
    assert "No plan is named 'platinum'" in result.output
    assert "Free" in result.output
    assert "Pro" in result.output


def test_set_plan_refuses_an_unknown_user(cli) -> None:
    result = cli("set-plan", "nobody", "Pro")
    assert result.exit_code == 1
    assert "No user has the username or e-mail 'nobody'" in result.output


def accept_improvement(client, person) -> int:
    questionnaire = upload(client, person).json["id"]
    accepted = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    )
    assert accepted.status_code == 202, accepted.text
    return int(accepted.json["id"])


def fail(pg_engine: Engine, table: str, row_id: int) -> None:
    """What a worker leaves behind when every attempt failed."""
    with pg_engine.begin() as connection:
        connection.execute(
            text(
                f"UPDATE {table} SET status = 'failed', error = 'Every AI provider failed.',"  # noqa: S608
                " attempts = 3, finished_at = now() WHERE id = :id"
            ),
            {"id": row_id},
        )


def job_row(pg_engine: Engine, table: str, row_id: int) -> dict:
    with pg_engine.connect() as connection:
        row = connection.execute(
            text(f"SELECT status, error, attempts, finished_at FROM {table} WHERE id = :id"),  # noqa: S608
            {"id": row_id},
        ).one()
    return dict(row._mapping)


def test_failed_jobs_are_listed_and_retried_from_a_fresh_start(
    cli, client, container, pg_engine
) -> None:
    person = bearer(sign_up(client)["access"])
    done = accept_improvement(client, person)
    container.cvs.run_improvement().execute(done)  # the offline improver succeeds
    rendering = client.simulate_post(f"/cv/ai-responses/{done}/generate-pdf/", headers=person)
    assert rendering.status_code == 202, rendering.text
    with pg_engine.connect() as connection:
        render = connection.execute(text("SELECT max(id) FROM pdf_renders")).scalar_one()
    broken = accept_improvement(client, person)
    fail(pg_engine, "ai_responses", broken)
    fail(pg_engine, "pdf_renders", render)
    waiting = container.infra.queue_depth()()

    listed = cli("jobs", "failed")
    assert listed.exit_code == 0, listed.output
    lines = listed.output.strip().splitlines()
    # most recently failed first: the render failed last
    assert [line.split("\t")[0] for line in lines] == [f"pdf:{render}", f"ai:{broken}"]
    assert all("Every AI provider failed." in line for line in lines)

    retried = cli("jobs", "retry", f"ai:{broken}", f"pdf:{render}", f"ai:{done}")
    assert retried.exit_code == 1  # one of them was not failed
    assert f"ai:{broken}: queued again" in retried.output
    assert f"pdf:{render}: queued again" in retried.output
    assert f"ai:{done}: it is succeeded, not failed" in retried.output
    for table, row_id in (("ai_responses", broken), ("pdf_renders", render)):
        assert job_row(pg_engine, table, row_id) == {
            "status": "queued",
            "error": None,
            "attempts": 0,
            "finished_at": None,
        }
    assert container.infra.queue_depth()() == waiting + 2
    assert cli("jobs", "failed").output.strip() == "no failed jobs"


@pytest.mark.parametrize("job", ["12", "ai:2147483648", "pdf:99999999999999999999", "ai:\u00b2"])
def test_retry_wants_job_ids_as_jobs_failed_lists_them(cli, job: str) -> None:
    result = cli("jobs", "retry", job)
    assert result.exit_code == 1
    assert "write ai:ID (an improvement) or pdf:ID (a PDF)" in result.output


def test_quota_show_reports_the_use_of_every_scope(cli, client) -> None:
    person = bearer(sign_up(client, "counted")["access"])
    upload(client, person)
    result = cli("quota", "show", "counted")
    assert result.exit_code == 0, result.output
    assert "counted" in result.output
    assert "plan Free" in result.output
    assert "questionnaires\t1/5" in result.output
    assert "uploads\t1/3" in result.output
    assert "ai_responses\t0/3" in result.output


def test_quota_reset_lets_a_user_start_again_at_once(cli, client) -> None:
    person = bearer(sign_up(client, "busy")["access"])
    for _ in range(3):
        assert upload(client, person).status_code == 201
    refused = upload(client, person)
    assert refused.status_code == 429, refused.text

    result = cli("quota", "reset", "busy", "--scope", "uploads")
    assert result.exit_code == 0, result.output
    assert "uploads\t0/3" in result.output
    assert "questionnaires\t3/5" in result.output  # the other scopes are kept
    assert upload(client, person).status_code == 201


def test_quota_reset_refuses_an_unknown_scope_or_user(cli, client) -> None:
    sign_up(client, "someone")
    unknown_scope = cli("quota", "reset", "someone", "--scope", "downloads")
    assert unknown_scope.exit_code == 1
    assert "Unknown quota scope downloads" in unknown_scope.output
    assert cli("quota", "show", "nobody").exit_code == 1
