"""The worker process: consumes jobs and runs the same use cases as the API."""

import signal
from types import FrameType
from typing import Any

import structlog

from cvimprover.container import Container
from cvimprover.core.cvs.model import IMPROVE_CV
from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.core.mail.model import DELIVER_MAIL

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
    return container.infra.job_consumer(handlers=handlers, sweepers=sweepers)


def run(container: Container) -> None:
    """Runs until SIGTERM or SIGINT; the job in hand is finished first."""
    consumer = build_consumer(container)

    def stop(signum: int, frame: FrameType | None) -> None:
        log.info("worker stopping", signal=signal.Signals(signum).name)
        consumer.should_stop = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("worker started")
    consumer.run()
    log.info("worker stopped")
