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
    """An OpenAI-compatible chat endpoint that takes its time and counts its calls. The
    first call may be held until `release` is set (the fake serves one call at a time)."""

    def __init__(self, delay: float, *, hold_first: bool = False) -> None:
        self.delay = delay
        self.calls = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        if not hold_first:
            self.release.set()

    def __call__(self, request: Request) -> Response:
        with self.lock:
            self.calls += 1
            first = self.calls == 1
        if first:
            self.release.wait(timeout=120)
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


def start_worker(env: dict[str, str], log: Path | None = None) -> subprocess.Popen[bytes]:
    """A `cvimprover worker`; with `log`, its (JSON) log lines go there."""
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "cvimprover", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=output,
    )


def stop(*workers: subprocess.Popen[bytes]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def job_row(pg_engine, job_id: int) -> dict:
    with pg_engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT status, attempts, provider, response_text, started_at"
                " FROM ai_responses WHERE id = :id"
            ),
            {"id": job_id},
        )
        return dict(row.mappings().one())


def wait_until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.1)


def accepted_job(tmp_path: Path, httpserver: HTTPServer, vendor: SlowVendor, **settings):
    """A job accepted through the API, and the environment of the workers that run it."""
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_handler(vendor)
    overrides = {
        "ai_providers": "openai-compatible",
        "openai_compatible_base_url": httpserver.url_for("/v1"),
    } | settings
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
    env = os.environ | {key.upper(): str(value) for key, value in overrides.items()}
    env |= {
        "JWT_SECRET": TEST_SECRET,
        "DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "INFO",
        "PAYMENT_GATEWAY": "sandbox",  # a worker on PostgreSQL starts only with a gateway chosen
    }
    return accepted.json["id"], env


def test_a_worker_killed_mid_job_loses_it_to_another_within_45_s_and_it_finishes_once(
    tmp_path: Path, postgres_url: str, pg_engine, redis_url: str, httpserver: HTTPServer
) -> None:
    """With the shipped lease, heartbeat and sweeper settings: nothing is changed in the
    database behind the workers' backs."""
    redis.Redis.from_url(redis_url).flushdb()
    vendor = SlowVendor(delay=1, hold_first=True)
    job_id, env = accepted_job(
        tmp_path, httpserver, vendor, database_url=postgres_url, broker_url=redis_url
    )
    first = start_worker(env)
    second = None
    try:
        wait_until(lambda: job_row(pg_engine, job_id)["status"] == "running")
        wait_until(lambda: vendor.calls == 1)
        second = start_worker(env, tmp_path / "second.log")
        wait_until(lambda: b"worker started" in (tmp_path / "second.log").read_bytes())
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed = time.monotonic()
        vendor.release.set()  # the dead worker's call ends; the fake serves the next one
        wait_until(lambda: job_row(pg_engine, job_id)["attempts"] == 2, timeout=60)
        waited = time.monotonic() - killed
        wait_until(lambda: job_row(pg_engine, job_id)["status"] == "succeeded", timeout=30)
    finally:
        stop(first, *([second] if second else []))
    print(f"a dead worker's job waited {waited:.1f} s before another worker took it")
    assert waited < 45
    row = job_row(pg_engine, job_id)
    assert row["attempts"] == 2
    assert row["provider"] == "openai-compatible"
    assert row["response_text"].startswith("# Jane Doe")
    assert vendor.calls == 2  # the killed attempt, and the one that finished; no third


def test_a_job_that_outlasts_its_lease_stays_with_its_live_worker(
    tmp_path: Path, postgres_url: str, pg_engine, redis_url: str, httpserver: HTTPServer
) -> None:
    """The heartbeat renews the lease: a second worker sweeping every half second never
    takes a job that runs for more than two leases."""
    redis.Redis.from_url(redis_url).flushdb()
    vendor = SlowVendor(delay=7)
    job_id, env = accepted_job(
        tmp_path,
        httpserver,
        vendor,
        database_url=postgres_url,
        broker_url=redis_url,
        job_lease_seconds=3,
        job_heartbeat_seconds=1,
        job_sweep_interval_seconds=0.5,
    )
    workers = [start_worker(env), start_worker(env)]
    try:
        wait_until(lambda: job_row(pg_engine, job_id)["status"] == "succeeded", timeout=60)
        time.sleep(2)  # a wrongful takeover would call the vendor again by now
    finally:
        stop(*workers)
    assert job_row(pg_engine, job_id)["attempts"] == 1
    assert vendor.calls == 1
