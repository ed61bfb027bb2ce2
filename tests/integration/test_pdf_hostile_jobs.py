"""Hostile improved CVs through the real job path: the API accepts each render, the
worker's kombu consumer (on Redis) runs it with the real renderer, and each one fails
cleanly with a reason a person can act on, within the renderer's limits; the worker lives
on and renders the next, decent CV."""

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from falcon import testing
from pydantic import ValidationError
from sqlalchemy import Engine, text

from cvimprover.adapters.documents.weasyprint_cv_renderer import WeasyPrintCVRenderer
from cvimprover.container import Container, build_container
from cvimprover.core.cvs.pdfs import PageSize, PdfTemplate, RenderRequest
from cvimprover.workers.main import build_consumer
from tests.http.helpers import bearer, sign_up
from tests.integration.test_pdf_jobs import improvement
from tests.support.fixtures import make_settings
from tests.support.pdfs import reader, sample_markdown

pytestmark = pytest.mark.integration

MB = 1024 * 1024

# (name, the improved CV, settings for the renderer, what the person is told)
HOSTILE = [
    ("enormous", "Word " * 30_000, {}, "too long to render as a PDF (150000 characters"),
    ("very-long-word", "# N\n\n" + "x" * 90_000, {"timeout": 10}, "took too long to render"),
    ("thousands-of-pages", "# N\n\n" + "x\n\n" * 30_000, {"timeout": 10}, "took too long"),
    ("too-many-pages", "# N\n\n" + "Paragraph.\n\n" * 400, {"pages": 3}, "more than 3 pages"),
    ("deep-nesting", "<ul><li>" * 5000 + "x", {}, "nested too deeply"),
    (
        "memory-hungry-table",  # 45,000 cells, within the length limit
        "|" + "a|" * 300 + "\n|" + "-|" * 300 + "\n" + ("|" + "b|" * 300 + "\n") * 150,
        {"memory_mb": 48, "timeout": 120},
        "too large or complex to render",
    ),
]


@pytest.fixture
def start(
    tmp_path: Path, postgres_url: str, pg_engine: Engine, redis_url: str
) -> Iterator[Callable[..., tuple[testing.TestClient, threading.Thread]]]:
    """Starts the app and a worker thread with the renderer's limits given; stops them
    when the test ends."""
    started: list[tuple[Container, Any, threading.Thread]] = []

    def starting(
        timeout: float = 30, memory_mb: int = 512, pages: int = 20
    ) -> tuple[testing.TestClient, threading.Thread]:
        redis.Redis.from_url(redis_url).flushdb()
        settings = make_settings(
            tmp_path,
            database_url=postgres_url,
            broker_url=redis_url,
            mail_delivery="direct",
            pdf_render_timeout_seconds=timeout,
            pdf_render_memory_limit_mb=memory_mb,
            pdf_render_max_pages=pages,
        )
        container = build_container(settings)
        consumer = build_consumer(container)
        thread = threading.Thread(target=consumer.run, name="job-worker", daemon=True)
        thread.start()
        started.append((container, consumer, thread))
        return testing.TestClient(container.http.app()), thread

    yield starting
    for container, consumer, thread in started:
        consumer.should_stop = True
        thread.join(timeout=30)
        container.documents.renderer().close()
        container.infra.engine().dispose()
        assert not thread.is_alive(), "the job worker did not stop"


def replace_improved_cv(pg_engine: Engine, job: int, markdown: str) -> None:
    """As if the AI had answered with `markdown`."""
    with pg_engine.begin() as connection:
        connection.execute(
            text("UPDATE ai_responses SET response_text = :markdown WHERE id = :id"),
            {"markdown": markdown, "id": job},
        )


def ask_for_pdf(client: testing.TestClient, person: dict[str, str], job: int) -> dict[str, Any]:
    path = f"/cv/ai-responses/{job}/generate-pdf/"
    answer = client.simulate_post(path, headers=person | {"Prefer": "wait=30"})
    body: dict[str, Any] = answer.json
    if body["pdf_status"] in ("queued", "running"):  # a slow limit: poll a little longer
        deadline = time.monotonic() + 150
        while body["pdf_status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.5)
            body = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    return body


@pytest.mark.parametrize(
    ("markdown", "limits", "reason"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_a_hostile_cv_fails_its_render_job_with_a_reason_and_the_worker_renders_the_next(
    start, pg_engine: Engine, markdown: str, limits: dict[str, Any], reason: str
) -> None:
    client, worker = start(**limits)
    person = bearer(sign_up(client)["access"])
    hostile, decent = improvement(client, person), improvement(client, person)
    replace_improved_cv(pg_engine, hostile, markdown)

    failed = ask_for_pdf(client, person, hostile)
    assert failed["pdf_status"] == "failed", failed
    assert reason in failed["pdf_error"]
    assert "Ask for a shorter or simpler improvement" in failed["pdf_error"]
    assert failed["pdf_url"] is None
    assert worker.is_alive()

    done = ask_for_pdf(client, person, decent)
    assert done["pdf_status"] == "succeeded", done["pdf_error"]
    download = client.simulate_get(done["pdf_url"], headers=person)
    assert reader(download.content).metadata.author == "Jane Doe"


def test_a_memory_limit_too_small_for_any_render_is_refused_at_start(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="pdf_render_memory_limit_mb"):
        make_settings(tmp_path, pdf_render_memory_limit_mb=16)
    assert make_settings(tmp_path, pdf_render_memory_limit_mb=32).pdf_render_memory_limit_mb == 32


def test_the_memory_limit_is_what_a_render_may_add_to_the_warm_render_process() -> None:
    """However much address space the warm process maps on this machine (250 to 320
    MB), a small limit still leaves a two-page CV room to render."""
    renderer = WeasyPrintCVRenderer(memory_limit_bytes=32 * MB)
    try:
        request = RenderRequest(
            sample_markdown(), "t", "Sam Rivera", PdfTemplate.MODERN, PageSize.A4
        )
        assert reader(renderer.render(request)).metadata.author == "Sam Rivera"
    finally:
        renderer.close()
