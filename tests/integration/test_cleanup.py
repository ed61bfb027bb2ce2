"""`cvimprover cleanup --days N [--dry-run]` on PostgreSQL and a real storage folder: old
AI results go with their PDFs, files nothing refers to go, everything else stays."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from cvimprover.adapters.db import tables
from cvimprover.cli import app
from tests.http.helpers import bearer, sign_up
from tests.http.test_cvs import PROMPT, upload
from tests.support.fixtures import TEST_SECRET

pytestmark = pytest.mark.integration
OLD = timedelta(days=40)


@pytest.fixture
def run_cli(settings, monkeypatch):
    """The command as an operator runs it, with this test's settings in the environment."""
    environment = {
        "DATABASE_URL": settings.resolved_database_url,
        "DATA_DIR": str(settings.data_dir),
        "JWT_SECRET": TEST_SECRET,
        "PAYMENT_GATEWAY": "sandbox",
    }

    def run(*args: str):
        result = CliRunner().invoke(app, ["cleanup", *args], env=environment)
        return result

    return run


def improvement(client, container, person, *, render: bool) -> int:
    questionnaire = upload(client, person).json["id"]
    job = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    ).json["id"]
    container.cvs.run_improvement().execute(job)
    if render:
        client.simulate_post(f"/cv/ai-responses/{job}/generate-pdf/", headers=person)
        with container.infra.engine().connect() as connection:
            render_id = connection.scalar(select(func.max(tables.pdf_renders.c.id)))
        container.cvs.run_pdf_render().execute(render_id)
    return job


def age(pg_engine, job: int, by: timedelta) -> None:
    jobs = tables.ai_responses
    with pg_engine.begin() as connection:
        created = connection.scalar(select(jobs.c.created_at).where(jobs.c.id == job))
        connection.execute(update(jobs).where(jobs.c.id == job).values(created_at=created - by))


def orphan(storage_dir: Path, name: str, *, hours_old: float) -> Path:
    path = storage_dir / "orphans" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left behind")
    when = time.time() - hours_old * 3600
    os.utime(path, (when, when))
    return path


@pytest.fixture
def scene(client, container, settings, pg_engine) -> dict:
    person = bearer(sign_up(client)["access"])
    old = improvement(client, container, person, render=True)
    young = improvement(client, container, person, render=True)
    age(pg_engine, old, OLD)
    storage = Path(settings.resolved_storage_dir)
    files = {str(p.relative_to(storage)) for p in storage.rglob("*") if p.is_file()}
    return {
        "old": old,
        "young": young,
        "files": files,
        "old_orphan": orphan(storage, "old", hours_old=2),
        "new_orphan": orphan(storage, "new", hours_old=0.1),
    }


def job_ids(pg_engine) -> set[int]:
    with pg_engine.connect() as connection:
        return set(connection.scalars(select(tables.ai_responses.c.id)))


def render_count(pg_engine) -> int:
    with pg_engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(tables.pdf_renders))


def stored(settings) -> set[str]:
    storage = Path(settings.resolved_storage_dir)
    return {str(p.relative_to(storage)) for p in storage.rglob("*") if p.is_file()}


def test_a_dry_run_says_what_would_go_and_changes_nothing(
    run_cli, scene, pg_engine, settings
) -> None:
    before = stored(settings)

    result = run_cli("--days", "30", "--dry-run")

    assert result.exit_code == 0, result.output
    assert "would delete 1 AI results" in result.output
    assert "(1 PDF files) and 1 orphaned files" in result.output
    assert job_ids(pg_engine) == {scene["old"], scene["young"]}
    assert render_count(pg_engine) == 2
    assert stored(settings) == before


def test_old_results_go_with_their_pdfs_and_old_orphans_go(
    run_cli, scene, pg_engine, settings
) -> None:
    with pg_engine.connect() as connection:
        old_pdf = connection.scalar(
            select(tables.pdf_renders.c.file_key).where(
                tables.pdf_renders.c.ai_response_id == scene["old"]
            )
        )

    result = run_cli("--days", "30")

    assert result.exit_code == 0, result.output
    assert "deleted 1 AI results older than 30 days (1 PDF files) and 1 orphaned files" in (
        result.output
    )
    assert job_ids(pg_engine) == {scene["young"]}
    assert render_count(pg_engine) == 1
    remaining = stored(settings)
    assert old_pdf not in remaining
    assert remaining == (scene["files"] - {old_pdf}) | {"orphans/new"}
    assert not scene["old_orphan"].exists()


def test_a_second_run_finds_nothing_left_to_do(run_cli, scene) -> None:
    run_cli("--days", "30")

    result = run_cli("--days", "30")

    assert result.exit_code == 0
    assert "deleted 0 AI results older than 30 days (0 PDF files) and 0 orphaned files" in (
        result.output
    )


def test_jobs_still_queued_are_never_deleted(run_cli, client, container, pg_engine) -> None:
    person = bearer(sign_up(client)["access"])
    questionnaire = upload(client, person).json["id"]
    queued = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    ).json["id"]
    age(pg_engine, queued, OLD)

    assert run_cli("--days", "1").exit_code == 0

    assert job_ids(pg_engine) == {queued}


def test_fewer_than_one_day_is_refused(run_cli) -> None:
    result = run_cli("--days", "0")

    assert result.exit_code == 2
    assert "--days" in result.output
