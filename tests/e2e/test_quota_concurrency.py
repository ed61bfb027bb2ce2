"""Quotas hold under concurrency through the real server: `cvimprover serve` on PostgreSQL,
50 simultaneous HTTP requests against a quota of 5 (Free: 5 questionnaires a day).

With Redis or a SQLite file, two gunicorn processes share the counters; in memory, each
process counts on its own, so one process serves."""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import redis

from tests.e2e.helpers import signed_up
from tests.e2e.test_gunicorn_smoke import free_port
from tests.support.fixtures import TEST_SECRET

pytestmark = pytest.mark.e2e
QUESTIONNAIRE = {
    "position": "Backend engineer",
    "industry": "Software",
    "experience_level": "3-5",
    "company_size": "medium",
    "application_timeline": "1-3 months",
}


@pytest.fixture(params=["redis", "sqlite", "memory"])
def server(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str, pg_engine
) -> Iterator[str]:
    port, namespace = free_port(), f"test-{uuid.uuid4().hex[:8]}"
    env = os.environ | {
        "DATABASE_URL": postgres_url,
        "DATA_DIR": str(tmp_path / "var"),
        "JWT_SECRET": TEST_SECRET,
        "PAYMENT_GATEWAY": "sandbox",
        "PORT": str(port),
        "SERVE_JOB_WORKERS": "0",
        "WEB_THREADS": "8",
        "QUOTA_NAMESPACE": namespace,
    }
    if request.param == "redis":
        redis_url = request.getfixturevalue("redis_url")
        env |= {"WEB_CONCURRENCY": "2", "QUOTA_STORAGE_URL": redis_url}
    elif request.param == "sqlite":
        quotas = f"sqlite:///{tmp_path / 'quotas.sqlite3'}"
        env |= {"WEB_CONCURRENCY": "2", "QUOTA_STORAGE_URL": quotas}
    else:
        env |= {"WEB_CONCURRENCY": "1", "QUOTA_STORAGE_URL": "memory://"}
    log = tmp_path / "server.log"
    cvimprover = Path(sys.executable).with_name("cvimprover")
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own entry point)
            [str(cvimprover), "serve"], env=env, cwd=tmp_path, stdout=output, stderr=output
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        if request.param == "redis":
            client = redis.Redis.from_url(env["QUOTA_STORAGE_URL"])
            for key in client.scan_iter(f"{namespace}:*"):
                client.delete(key)


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    """Until both workers answer: a loaded machine takes a while to import the app."""
    deadline, answered = time.monotonic() + 180, 0
    while time.monotonic() < deadline and answered < 4:
        if process.poll() is not None:
            pytest.fail(f"the server exited early:\n{log.read_text()}")
        try:
            answered += httpx.get(f"{base}/core/health/", timeout=30).status_code == 200
        except httpx.TransportError:
            time.sleep(0.5)
    if answered < 4:
        pytest.fail(f"the server did not answer within 180 s:\n{log.read_text()}")


def test_fifty_simultaneous_requests_against_a_quota_of_five_accept_exactly_five(
    server: str,
) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        headers = signed_up(http, "racer")
    start = threading.Barrier(50)

    def submit(_: int) -> httpx.Response:
        with httpx.Client(base_url=server, timeout=60) as http:
            start.wait()
            return http.post("/cv/questionnaire/", json=QUESTIONNAIRE, headers=headers)

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(submit, range(50)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * 5 + [429] * 45
    refused = next(answer for answer in answers if answer.status_code == 429)
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["limit"] == 5
    with httpx.Client(base_url=server, timeout=30) as http:
        listed = http.get("/cv/questionnaire/", headers=headers)
        status = http.get("/core/rate-limits/status/", headers=headers).json()
    assert len(listed.json()) == 5
    assert status["rate_limits"]["questionnaires"]["used"] == 5
