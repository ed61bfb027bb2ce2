"""serve's job workers, as real forked processes: one that dies is forked again, at most
five times a minute, and none once serve stops."""

import os
import signal
import time

from structlog.testing import capture_logs

from cvimprover.job_workers import RESTARTS_PER_MINUTE, JobWorkers


def fails_as_it_starts() -> None:
    raise RuntimeError("no database")


def waits() -> None:
    time.sleep(60)


def until_all_died(workers: JobWorkers) -> None:
    deadline = time.monotonic() + 10
    while workers.pids:
        assert time.monotonic() < deadline, "a job worker did not end"
        time.sleep(0.02)
        workers.reap()


def test_a_killed_worker_is_forked_again_and_its_signal_logged() -> None:
    workers = JobWorkers(1, waits)
    workers.start()
    [first] = workers.pids
    try:
        with capture_logs() as logs:
            os.kill(first, signal.SIGKILL)
            until_all_died(workers)
            workers.replace(leave_parent=lambda: None)
        [second] = workers.pids
        assert second != first
        died = [entry for entry in logs if entry["event"] == "job worker died"]
        assert died == [
            {"event": "job worker died", "log_level": "error", "pid": first, "signal": "SIGKILL"}
        ]
        assert {"event": "job worker started", "log_level": "info", "pid": second} in logs
    finally:
        workers.stop()
    assert workers.pids == []


def test_a_worker_dying_as_it_starts_is_forked_five_times_a_minute_then_waits() -> None:
    now = [1000.0]
    workers = JobWorkers(1, fails_as_it_starts, clock=lambda: now[0])
    workers.start()
    with capture_logs() as logs:
        for _ in range(RESTARTS_PER_MINUTE + 3):
            until_all_died(workers)
            workers.replace(leave_parent=lambda: None)
            now[0] += 1.0
    started = [entry for entry in logs if entry["event"] == "job worker started"]
    assert len(started) == RESTARTS_PER_MINUTE
    died = [entry for entry in logs if entry["event"] == "job worker died"]
    assert len(died) == RESTARTS_PER_MINUTE + 1
    assert {entry["exit_status"] for entry in died} == {1}
    held_back = [
        entry for entry in logs if entry["log_level"] == "error" and "keep" in entry["event"]
    ]
    assert held_back == [
        {
            "event": "job workers keep dying: not replaced for now",
            "log_level": "error",
            "restarts": RESTARTS_PER_MINUTE,
            "within_seconds": 60,
            "next_try_in_seconds": 55.0,
        }
    ]

    now[0] = 1000.0 + 60.0  # the first restart left the minute
    workers.replace(leave_parent=lambda: None)
    assert len(workers.pids) == 1
    until_all_died(workers)


def test_no_worker_is_forked_once_serve_stops() -> None:
    workers = JobWorkers(2, waits)
    workers.start()
    with capture_logs() as logs:
        workers.stop()
        workers.replace(leave_parent=lambda: None)
    assert workers.pids == []
    assert logs == []  # neither a death (serve stopped them) nor a new worker
