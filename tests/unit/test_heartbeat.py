"""The worker's heartbeat beats on a thread of its own, through failed renewals, until
the job loop ends."""

import threading
import time

from cvimprover.workers.heartbeat import Heartbeat


class Renewals:
    def __init__(self, failing: int = 0) -> None:
        self.calls = 0
        self.failing = failing
        self.threads: set[str] = set()
        self.enough = threading.Event()

    def __call__(self) -> int:
        self.calls += 1
        self.threads.add(threading.current_thread().name)
        if self.calls >= self.failing + 3:
            self.enough.set()
        if self.calls <= self.failing:
            raise ConnectionError("the database is away")
        return 1


def test_the_heartbeat_renews_beside_the_job_loop_until_it_ends() -> None:
    renewals = Renewals()
    with Heartbeat(renewals, interval=0.01):
        assert renewals.enough.wait(timeout=5)
    stopped_at = renewals.calls
    time.sleep(0.05)
    assert renewals.calls == stopped_at
    assert threading.current_thread().name not in renewals.threads


def test_a_failed_renewal_does_not_stop_the_heartbeat() -> None:
    renewals = Renewals(failing=2)
    with Heartbeat(renewals, interval=0.01):
        assert renewals.enough.wait(timeout=5)
    assert renewals.calls >= 5
