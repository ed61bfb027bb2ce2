"""The job workers `cvimprover serve` forks beside the API, replaced when one dies.

A worker killed (out of memory, SIGKILL) or crashed is forked again at once; one that
keeps dying is forked at most RESTARTS_PER_MINUTE times a minute, then waits, so a worker
that fails as it starts never floods the machine with processes. None is forked again once
serve is stopping.
"""

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable

import structlog

from cvimprover.adapters.observability.prometheus_telemetry import mark_process_dead

STOP_SECONDS = 30
"""Time a job worker has to finish the job in hand when serve stops."""
RESTARTS_PER_MINUTE = 5
"""Most job workers forked again within any 60 s; the next one waits."""
_WINDOW_SECONDS = 60.0
log = structlog.get_logger(__name__)


class JobWorkers:
    """`count` processes running `work`, each forked from this one; `work` returns when
    the worker is told to stop (SIGTERM or SIGINT) and raises when it fails."""

    def __init__(
        self,
        count: int,
        work: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._count = count
        self._work = work
        self._clock = clock
        self._restarts: deque[float] = deque()
        self._held_back = False
        self.stopping = False
        self.pids: list[int] = []

    def start(self) -> None:
        while len(self.pids) < self._count:
            self._fork(leave_parent=lambda: None)

    def reap(self) -> None:
        """Collects each worker that ended, before anyone's waitpid(-1) does (gunicorn's
        reaps every child it has, its own or not); says how it ended unless serve stops."""
        for pid in list(self.pids):
            try:
                ended, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # reaped by gunicorn's waitpid(-1): how is unknown
                ended, status = pid, -1
            if not ended:
                continue
            self.pids.remove(pid)
            mark_process_dead(pid)
            if not self.stopping:
                log.error("job worker died", pid=pid, **_how_it_ended(status))

    def replace(self, leave_parent: Callable[[], None]) -> None:
        """Forks a worker for each that died, unless serve stops or RESTARTS_PER_MINUTE
        were forked within the last minute (then logs an error once and waits).
        `leave_parent` runs first in each new worker: what of the parent it must drop."""
        if self.stopping:
            return
        now = self._clock()
        while self._restarts and now - self._restarts[0] >= _WINDOW_SECONDS:
            self._restarts.popleft()
        while len(self.pids) < self._count:
            if len(self._restarts) >= RESTARTS_PER_MINUTE:
                if not self._held_back:
                    wait = _WINDOW_SECONDS - (now - self._restarts[0])
                    log.error(
                        "job workers keep dying: not replaced for now",
                        restarts=len(self._restarts),
                        within_seconds=int(_WINDOW_SECONDS),
                        next_try_in_seconds=round(wait, 1),
                    )
                    self._held_back = True
                return
            self._held_back = False
            self._restarts.append(now)
            self._fork(leave_parent)

    def stop(self) -> None:
        """SIGTERM to each worker still running; each finishes its job in hand first,
        SIGKILL after STOP_SECONDS. A worker reaped already is not signalled, as its pid
        may be another process's by now."""
        self.stopping = True
        running = [pid for pid in self.pids if _running(pid)]
        for pid in running:
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        while running and time.monotonic() < deadline:
            time.sleep(0.05)
            running = [pid for pid in running if _running(pid)]
        for pid in running:
            os.kill(pid, signal.SIGKILL)
            _running(pid)
        self.pids = []

    def _fork(self, leave_parent: Callable[[], None]) -> None:
        pid = os.fork()
        if pid:
            self.pids.append(pid)
            log.info("job worker started", pid=pid)
            return
        status = 1
        try:
            leave_parent()
            self._work()
            status = 0
        except Exception:
            log.exception("the job worker failed")
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)  # never back into the parent: its server and cleanup are not ours


def _how_it_ended(status: int) -> dict[str, object]:
    if status < 0:
        return {"exit_status": "unknown"}
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return {"signal": signal.Signals(number).name}
        except ValueError:
            return {"signal": number}
    return {"exit_status": os.waitstatus_to_exitcode(status)}


def _running(pid: int) -> bool:
    """Whether our child `pid` still runs; reaps it when it has ended."""
    try:
        ended, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # already reaped, by gunicorn
        return False
    return ended == 0
