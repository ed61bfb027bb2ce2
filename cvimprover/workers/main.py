"""The worker process: consumes jobs and runs the same use cases as the API."""

import signal
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

import structlog

from cvimprover.container import Container
from cvimprover.core.cvs.model import IMPROVE_CV
from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.core.mail.model import DELIVER_MAIL
from cvimprover.ports.telemetry import Telemetry
from cvimprover.workers.heartbeat import Heartbeat

log = structlog.get_logger(__name__)


def build_consumer(container: Container) -> Any:
    """The job loop, with a handler for each kind of job and the sweepers."""
    handlers = {
        DELIVER_MAIL: container.mail.deliver_mail().execute,
        IMPROVE_CV: container.cvs.run_improvement().execute,
        RENDER_PDF: container.cvs.run_pdf_render().execute,
    }
    sweepers = [
        container.mail.requeue_due_mails().execute,
        container.cvs.requeue_due_improvements().execute,
        container.cvs.requeue_due_pdf_renders().execute,
    ]
    telemetry = container.infra.telemetry()
    metered = {kind: _metered(kind, handler, telemetry) for kind, handler in handlers.items()}
    return container.infra.job_consumer(handlers=metered, sweepers=sweepers)


def _metered(
    kind: str, handler: Callable[[int], None], telemetry: Telemetry
) -> Callable[[int], None]:
    """The handler, counted by kind and outcome (done, or crashed when it raised)."""

    def handle(job_id: int) -> None:
        started, outcome = time.perf_counter(), "crashed"
        try:
            handler(job_id)
            outcome = "done"
        finally:
            telemetry.job_handled(kind, outcome, time.perf_counter() - started)

    return handle


def run(container: Container) -> None:
    """Runs until SIGTERM or SIGINT; the job in hand is finished first. The heartbeat
    renews the leases of the jobs in hand meanwhile."""
    consumer = build_consumer(container)
    heartbeat = Heartbeat(container.jobs.renew_leases().execute, container.jobs.heartbeat_seconds())

    def stop(signum: int, frame: FrameType | None) -> None:
        log.info("worker stopping", signal=signal.Signals(signum).name)
        consumer.should_stop = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("worker started")
    with heartbeat:
        consumer.run()
    log.info("worker stopped")
