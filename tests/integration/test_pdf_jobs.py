"""PDF render jobs through Redis and the real kombu consumer, rendered by the real renderer:
the API commits a render and publishes its id, the worker's job loop renders it."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from falcon import testing
from sqlalchemy import Engine, text

from cvimprover.container import Container, build_container
from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.workers.main import build_consumer
from tests.http.helpers import bearer, sign_up
from tests.http.test_cvs import PROMPT, upload
from tests.support.fixtures import make_settings
from tests.support.pdfs import reader

pytestmark = pytest.mark.integration


@pytest.fixture
def container(
    tmp_path: Path, postgres_url: str, pg_engine: Engine, redis_url: str
) -> Iterator[Container]:
    redis.Redis.from_url(redis_url).flushdb()
    settings = make_settings(
        tmp_path,
        database_url=postgres_url,
        broker_url=redis_url,
        mail_delivery="direct",
        job_sweep_interval_seconds=0.5,
        pdf_render_timeout_seconds=10,  # ample for a CV, even with the machine busy
        pdf_render_max_characters=5_000_000,
    )
    container = build_container(settings)
    yield container
    container.documents.renderer().close()
    container.infra.engine().dispose()


@pytest.fixture
def client(container: Container) -> testing.TestClient:
    return testing.TestClient(container.http.app())


@pytest.fixture
def worker(container: Container) -> Iterator[threading.Thread]:
    """The worker's job loop, on Redis, in a thread until the test ends."""
    consumer = build_consumer(container)
    thread = threading.Thread(target=consumer.run, name="job-worker", daemon=True)
    thread.start()
    yield thread
    consumer.should_stop = True
    thread.join(timeout=30)
    assert not thread.is_alive(), "the job worker did not stop"


def improvement(client: testing.TestClient, person: dict[str, str]) -> int:
    questionnaire = upload(client, person).json["id"]
    accepted = client.simulate_post(
        "/cv/ai-responses/",
        json={"questionnaire": questionnaire, "prompt": PROMPT},
        headers=person | {"Prefer": "wait=20"},
    )
    assert accepted.json["status"] == "succeeded", accepted.text
    return int(accepted.json["id"])


def render_rows(pg_engine: Engine) -> list[dict]:
    with pg_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, status, attempts, error, file_key FROM pdf_renders ORDER BY id")
        )
        return [dict(row) for row in rows.mappings()]


def wait_until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.1)


def test_a_pdf_asked_of_the_api_is_rendered_by_the_worker_and_downloaded(
    client, worker, pg_engine
) -> None:
    person = bearer(sign_up(client)["access"])
    job = improvement(client, person)
    answer = client.simulate_post(
        f"/cv/ai-responses/{job}/generate-pdf/",
        json={"template": "modern", "page_size": "A4"},
        headers=person | {"Prefer": "wait=30"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json["pdf_status"] == "succeeded", answer.json["pdf_error"]
    download = client.simulate_get(answer.json["pdf_url"], headers=person)
    assert download.headers["content-type"] == "application/pdf"
    assert reader(download.content).metadata.author == "Jane Doe"
    [row] = render_rows(pg_engine)
    assert (row["status"], row["attempts"]) == ("succeeded", 1)


def test_a_message_delivered_twice_renders_once_into_one_file(
    client, container, pg_engine, worker
) -> None:
    person = bearer(sign_up(client)["access"])
    job = improvement(client, person)
    tasks = container.infra.tasks()
    client.simulate_post(f"/cv/ai-responses/{job}/generate-pdf/", headers=person)
    [row] = render_rows(pg_engine)
    tasks.enqueue(RENDER_PDF, row["id"])  # the broker hands the same job out again
    tasks.enqueue(RENDER_PDF, row["id"])
    wait_until(lambda: render_rows(pg_engine)[0]["status"] == "succeeded")
    broker = redis.Redis.from_url(container.infra.settings().resolved_broker_url)
    # The duplicates, consumed and acknowledged (kombu keeps unacknowledged ones in a hash).
    wait_until(lambda: broker.llen("cvimprover.jobs") == 0 and broker.hlen("unacked") == 0)
    [row] = render_rows(pg_engine)
    assert (row["status"], row["attempts"], row["file_key"]) == (
        "succeeded",
        1,
        f"cv-pdfs/{row['id']}",
    )
    storage = container.infra.settings().resolved_storage_dir
    assert [path.name for path in (storage / "cv-pdfs").iterdir()] == [str(row["id"])]


def test_a_hostile_cv_fails_its_job_cleanly_and_the_worker_goes_on(
    client, worker, pg_engine
) -> None:
    person = bearer(sign_up(client)["access"])
    hostile, decent = improvement(client, person), improvement(client, person)
    table = "| a | b | c |\n|---|---|---|\n" + "| cell | cell | cell |\n" * 60_000
    with pg_engine.begin() as connection:
        connection.execute(
            text("UPDATE ai_responses SET response_text = :table WHERE id = :id"),
            {"table": table, "id": hostile},
        )
    started = time.monotonic()
    failed = client.simulate_post(
        f"/cv/ai-responses/{hostile}/generate-pdf/", headers=person | {"Prefer": "wait=30"}
    ).json
    assert failed["pdf_status"] == "failed"
    # Which limit the table breaks first, time or memory, depends on the machine.
    assert any(
        reason in failed["pdf_error"]
        for reason in ("took too long to render", "too large or complex to render")
    )
    assert failed["pdf_url"] is None
    assert time.monotonic() - started < 30
    assert worker.is_alive()
    done = client.simulate_post(
        f"/cv/ai-responses/{decent}/generate-pdf/", headers=person | {"Prefer": "wait=30"}
    ).json
    assert done["pdf_status"] == "succeeded"
