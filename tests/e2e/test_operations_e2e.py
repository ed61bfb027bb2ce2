"""Real servers: /metrics adds up every gunicorn worker and job worker, and a request's
id reaches the job worker's log lines through the queue."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.accounts import PASSWORD, registration
from tests.support.fixtures import TEST_SECRET
from tests.support.metrics import figure

pytestmark = pytest.mark.e2e
REQUESTS = 24
STARTUP_SECONDS = 90  # two imports of the app per process on a busy two-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, command: list[str], tmp_path: Path, postgres_url: str, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data_dir = tmp_path / "var"
        self.log = tmp_path / "server.log"
        self._command = command
        self._cwd = tmp_path
        self._env = os.environ | {
            "DATABASE_URL": postgres_url,
            "DATA_DIR": str(self.data_dir),
            "JWT_SECRET": TEST_SECRET,
            "PAYMENT_GATEWAY": "sandbox",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "2",
            **env,
        }
        self._env.pop("PROMETHEUS_MULTIPROC_DIR", None)

    def __enter__(self) -> "Server":
        with self.log.open("wb") as output:
            self._process = subprocess.Popen(  # noqa: S603 (our own entry points)
                self._command, env=self._env, cwd=self._cwd, stdout=output, stderr=output
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                pytest.fail(f"the server exited early:\n{self.log.read_text()}")
            try:
                if httpx.get(f"{self.base}/core/health/ready/", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.__exit__()  # no server outlives a failed start
        pytest.fail(f"not ready in {STARTUP_SECONDS} s:\n{self.log.read_text()}")

    def __exit__(self, *exc: object) -> None:
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=40)  # WEB_GRACEFUL_TIMEOUT_SECONDS is 30
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    @property
    def pid(self) -> int:
        return self._process.pid

    def wait(self, timeout: float) -> int:
        return self._process.wait(timeout=timeout)

    def scrape(self) -> str:
        result = httpx.get(f"{self.base}/metrics", timeout=5)
        assert result.status_code == 200, result.text
        return result.text

    def log_lines(self) -> list[dict]:
        text = self.log.read_text()
        return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def bin_of(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


@pytest.fixture
def serve(tmp_path: Path, postgres_url: str, pg_engine) -> Iterator[Server]:
    with Server([bin_of("cvimprover"), "serve"], tmp_path, postgres_url) as server:
        yield server


def live_count(scrape: str) -> float:
    labels = {"method": "GET", "route": "/core/health/live/", "status": "200"}
    return figure(scrape, "cvimprover_http_requests_total", **labels)


def wait_for(condition, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_metrics_add_up_the_requests_every_gunicorn_worker_answered(serve: Server) -> None:
    for _ in range(REQUESTS):  # a new connection each: the workers share them out
        assert httpx.get(f"{serve.base}/core/health/live/", timeout=5).status_code == 200
    writers = {path.stem.rsplit("_", 1)[1] for path in (serve.data_dir / "metrics").glob("*.db")}
    assert len(writers) >= 2, "a single process answered every request"
    scrapes = [serve.scrape() for _ in range(6)]  # answered by one worker or the other
    assert {live_count(scrape) for scrape in scrapes} == {REQUESTS}


def test_a_request_id_reaches_the_job_worker_and_its_job_is_counted(serve: Server) -> None:
    signed_up = httpx.post(
        f"{serve.base}/auth/registration/",
        json=registration("ops"),
        headers={"X-Request-ID": "ops-e2e-1"},
        timeout=10,
    )
    assert signed_up.status_code == 201, signed_up.text

    def mail_job_done() -> bool:
        return any(
            line.get("event") == "job done" and line.get("job_kind") == "deliver_mail"
            for line in serve.log_lines()
        )

    wait_for(mail_job_done, "the worker to deliver the sign-up mail", STARTUP_SECONDS)
    job_lines = [line for line in serve.log_lines() if line.get("job_kind") == "deliver_mail"]
    assert {line["request_id"] for line in job_lines} == {"ops-e2e-1"}
    api_lines = [line for line in serve.log_lines() if line.get("path") == "/auth/registration/"]
    assert [line["request_id"] for line in api_lines] == ["ops-e2e-1"]
    scrape = serve.scrape()
    assert figure(scrape, "cvimprover_jobs_total", kind="deliver_mail", outcome="done") == 1
    assert figure(scrape, "cvimprover_job_queue_depth") == 0
    log_text = serve.log.read_text()
    assert PASSWORD not in log_text
    assert signed_up.json()["access"] not in log_text


def test_plain_gunicorn_runs_with_the_same_settings_and_a_fresh_metrics_dir(
    tmp_path: Path, postgres_url: str, pg_engine
) -> None:
    stale = tmp_path / "var" / "metrics" / "counter_1.db"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left over by a server that ran before")
    command = [bin_of("gunicorn"), "-c", "python:cvimprover.gunicorn_conf"]
    with Server(command, tmp_path, postgres_url) as server:
        assert not stale.exists()
        for _ in range(REQUESTS):
            httpx.get(f"{server.base}/core/health/live/", timeout=5)
        assert live_count(server.scrape()) == REQUESTS
        assert any(line.get("path") == "/core/health/live/" for line in server.log_lines())
    assert "Booting worker" in server.log.read_text()
    assert server.log.read_text().count("Booting worker") >= 2
