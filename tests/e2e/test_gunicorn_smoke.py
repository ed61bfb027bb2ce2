"""The real thing: `cvimprover serve` (gunicorn, gthread, two workers) on PostgreSQL."""

import email
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email import policy
from pathlib import Path

import httpx
import pytest

from tests.e2e.helpers import signed_up
from tests.support.accounts import PASSWORD
from tests.support.fixtures import TEST_SECRET

pytestmark = pytest.mark.e2e

CVIMPROVER = Path(sys.executable).with_name("cvimprover")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path, postgres_url: str, pg_engine) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = tmp_path / "server.log"
    env = os.environ | {
        "DATABASE_URL": postgres_url,
        "DATA_DIR": str(tmp_path / "var"),
        "JWT_SECRET": TEST_SECRET,
        "PAYMENT_GATEWAY": "sandbox",
        "PORT": str(free_port()),  # --port wins over the setting
        "WEB_CONCURRENCY": "2",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own entry point)
            [str(CVIMPROVER), "serve", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stdout=output,
            stderr=output,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base, log
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


STARTUP_SECONDS = 90
"""Generous: on a busy two-core machine `serve` takes tens of seconds to import and fork."""


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/core/health/", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


def _wait_for_mail(outbox: Path) -> email.message.EmailMessage:
    """The worker that `serve` started delivers the sign-up mail through the job queue."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        files = sorted(outbox.glob("*.eml")) if outbox.exists() else []
        if files:
            return email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
        time.sleep(0.2)
    pytest.fail("no mail was delivered within 30 s")


def test_a_person_signs_up_logs_in_and_reads_the_profile_through_gunicorn(server) -> None:
    base, log = server
    with httpx.Client(base_url=base, timeout=10) as http:
        signed_up(http, "smoke")
        login = http.post("/auth/login/", json={"email": "smoke@example.com", "password": PASSWORD})
        assert login.status_code == 200
        headers = {"Authorization": f"Bearer {login.json()['access']}", "X-Request-ID": "smoke-1"}
        for _ in range(4):  # both workers answer
            profile = http.get("/auth/user/", headers=headers)
            assert profile.status_code == 200
            assert profile.json()["username"] == "smoke"
        missing = http.get("/nowhere/")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
    mail = _wait_for_mail(log.parent / "var" / "outbox")
    assert mail["To"] == "smoke@example.com"
    assert "/verify-email/" in mail.get_content()
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    traced = [line for line in lines if line.get("request_id") == "smoke-1"]
    assert len(traced) == 4
    assert all(line["path"] == "/auth/user/" for line in traced)
    assert PASSWORD not in log.read_text()


def test_serve_refuses_a_taken_port_in_one_line_before_announcing_anything(
    tmp_path: Path, postgres_url: str
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = os.environ | {
            "DATABASE_URL": postgres_url,
            "DATA_DIR": str(tmp_path / "var"),
            "PAYMENT_GATEWAY": "sandbox",
        }
        finished = subprocess.run(  # noqa: S603 (our own entry point)
            [str(CVIMPROVER), "serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert finished.returncode == 1
    assert "listens on" not in finished.stdout
    assert finished.stderr.strip().splitlines() == [
        f"cvimprover cannot listen on 127.0.0.1:{port}: another program listens there "
        "(choose another port with --port or PORT)"
    ]
