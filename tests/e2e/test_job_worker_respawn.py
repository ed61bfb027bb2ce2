"""`cvimprover serve` replaces a job worker that died (out of memory, SIGKILL, a crash):
queued jobs run again within seconds; a serve told to stop replaces none."""

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.helpers import signed_up
from tests.e2e.test_operations_e2e import Server, bin_of, wait_for
from tests.http.test_cvs import FIELDS, PROMPT, SAMPLES

pytestmark = pytest.mark.e2e
REPLACED_WITHIN_SECONDS = 5.0  # the arbiter wakes on SIGCHLD, else once a second


@pytest.fixture
def serve(tmp_path: Path, postgres_url: str, pg_engine) -> Iterator[Server]:
    command = [bin_of("cvimprover"), "serve"]
    with Server(command, tmp_path, postgres_url, SERVE_JOB_WORKERS="1") as server:
        yield server


def started_job_workers(server: Server) -> list[int]:
    return [line["pid"] for line in server.log_lines() if line["event"] == "job worker started"]


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_killed_job_worker_is_replaced_and_the_next_job_runs(serve: Server) -> None:
    [first] = started_job_workers(serve)
    assert first in children(serve.pid)

    killed = time.monotonic()
    serve_pid = serve.pid
    os.kill(first, signal.SIGKILL)
    wait_for(lambda: len(started_job_workers(serve)) == 2, "a new job worker", timeout=10)
    replaced_after = time.monotonic() - killed
    second = started_job_workers(serve)[1]
    assert replaced_after < REPLACED_WITHIN_SECONDS, replaced_after
    assert second != first
    assert second in children(serve_pid)
    assert first not in children(serve_pid)
    died = [line for line in serve.log_lines() if line["event"] == "job worker died"]
    assert [(line["pid"], line["signal"], line["level"]) for line in died] == [
        (first, "SIGKILL", "error")
    ]
    print(f"job worker replaced {replaced_after:.2f} s after SIGKILL")

    api = httpx.Client(base_url=serve.base, timeout=90)
    person = signed_up(api, "respawned")
    resume = (SAMPLES / "software_engineer.pdf").read_bytes()
    questionnaire = api.post(
        "/cv/questionnaire/",
        data=FIELDS,
        files={"resume": ("cv.pdf", resume, "application/pdf")},
        headers=person,
    )
    assert questionnaire.status_code == 201, questionnaire.text
    improvement = api.post(
        "/cv/ai-responses/",
        json={"questionnaire": questionnaire.json()["id"], "prompt": PROMPT},
        headers=person | {"Prefer": "wait=60"},
    )
    assert improvement.json()["status"] == "succeeded", improvement.text
    assert improvement.json()["provider"] == "local"
    assert started_job_workers(serve) == [first, second]  # the job ran on the new one


def test_serve_told_to_stop_stops_everything_and_replaces_no_job_worker(
    tmp_path: Path, postgres_url: str, pg_engine
) -> None:
    command = [bin_of("cvimprover"), "serve"]
    with Server(command, tmp_path, postgres_url, SERVE_JOB_WORKERS="1") as server:
        [worker] = started_job_workers(server)
        processes = children(server.pid)
        assert worker in processes
        assert len(processes) == 3  # two gunicorn workers (WEB_CONCURRENCY=2) and the job worker

        asked = time.monotonic()
        os.kill(server.pid, signal.SIGTERM)
        time.sleep(0.3)  # the arbiter is stopping its workers: a job worker dying now
        os.kill(worker, signal.SIGKILL)  # is not replaced
        assert server.wait(timeout=40) == 0
        stopped_after = time.monotonic() - asked

    assert started_job_workers(server) == [worker]
    assert [line for line in server.log_lines() if line["event"] == "job worker died"] == []
    assert [pid for pid in processes if alive(pid)] == []
    print(f"serve stopped {stopped_after:.2f} s after SIGTERM")
