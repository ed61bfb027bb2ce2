"""Improvement jobs through a real broker and real worker processes, with the official
OpenAI SDK talking to a local fake of the vendor."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from falcon import testing
from pytest_httpserver import HTTPServer
from sqlalchemy import text
from werkzeug import Request, Response

from cvimprover.container import build_container
from cvimprover.core.cvs.commands import NewQuestionnaire, Upload
from tests.http.helpers import bearer, sign_up
from tests.support.fixtures import TEST_SECRET, make_settings

pytestmark = pytest.mark.integration
SAMPLE = Path(__file__).parents[1] / "data" / "cvs" / "software_engineer.pdf"
FIELDS = {
    "position": "Backend Engineer",
    "industry": "Fintech",
    "experience_level": "3-5",
    "company_size": "startup",
    "application_timeline": "immediate",
    "job_description": "Python and PostgreSQL",
}


class SlowVendor:
    """An OpenAI-compatible chat endpoint that takes its time and counts its calls."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self.lock:
            self.calls += 1
        time.sleep(self.delay)
        body = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "# Jane Doe\n\n## Summary\nDone."},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
        }
        return Response(json.dumps(body), content_type="application/json")


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cvimprover", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def job_row(pg_engine, job_id: int) -> dict:
    with pg_engine.connect() as connection:
        row = connection.execute(
            text("SELECT status, attempts, provider, response_text FROM ai_responses WHERE id=:id"),
            {"id": job_id},
        )
        return dict(row.mappings().one())


def wait_until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.1)


def test_a_worker_killed_mid_job_loses_nothing_and_the_job_finishes_once(
    tmp_path: Path, postgres_url: str, pg_engine, redis_url: str, httpserver: HTTPServer
) -> None:
    redis.Redis.from_url(redis_url).flushdb()
    vendor = SlowVendor(delay=3)
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(vendor)
    overrides = {
        "database_url": postgres_url,
        "broker_url": redis_url,
        "ai_providers": "openai-compatible",
        "openai_compatible_base_url": httpserver.url_for("/v1"),
        "job_sweep_interval_seconds": 0.5,
    }
    container = build_container(make_settings(tmp_path, **overrides))
    client = testing.TestClient(container.http.app())
    person = bearer(sign_up(client)["access"])
    user_id = client.simulate_get("/auth/user/", headers=person).json["pk"]
    questionnaire = container.cvs.submit_questionnaire().execute(
        NewQuestionnaire(user_id, dict(FIELDS), Upload("cv.pdf", SAMPLE.read_bytes()))
    )
    accepted = client.simulate_post(
        "/cv/ai-responses/",
        json={"questionnaire": questionnaire.id, "prompt": "Tailor it to the backend role."},
        headers=person,
    )
    job_id = accepted.json["id"]
    env = os.environ | {key.upper(): str(value) for key, value in overrides.items()}
    env |= {
        "JWT_SECRET": TEST_SECRET,
        "DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
        "PAYMENT_GATEWAY": "sandbox",  # a worker on PostgreSQL starts only with a gateway chosen
    }
    first = start_worker(env)
    try:
        wait_until(lambda: job_row(pg_engine, job_id)["status"] == "running")
        wait_until(lambda: vendor.calls == 1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert job_row(pg_engine, job_id)["status"] == "running"
    with pg_engine.begin() as connection:  # the dead worker's lease runs out
        connection.execute(text("UPDATE ai_responses SET next_attempt_at = now()"))
    second = start_worker(env)
    try:
        wait_until(lambda: job_row(pg_engine, job_id)["status"] == "succeeded", timeout=40)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=20)
    row = job_row(pg_engine, job_id)
    assert row["attempts"] == 2
    assert row["provider"] == "openai-compatible"
    assert row["response_text"].startswith("# Jane Doe")
    time.sleep(1)
    assert vendor.calls == 2  # the killed attempt, and the one that finished; no third
