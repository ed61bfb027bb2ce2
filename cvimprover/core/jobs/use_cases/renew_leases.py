import logging
from datetime import datetime

from cvimprover.core.cvs.model import IMPROVE_CV
from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.core.jobs.leases import HeldLeases, Lease
from cvimprover.core.mail.model import DELIVER_MAIL
from cvimprover.ports.clock import Clock
from cvimprover.ports.leases import LeasedJobRepository
from cvimprover.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


class RenewLeases:
    """A worker's heartbeat: extends the lease of every job it holds, improvements, PDF
    renders and mails alike.

    - a lease is renewed only while its job still runs the attempt this worker started: a
      job finished meanwhile, or taken over by another worker after this one's lease
      lapsed, is left as it is, never brought back to running;
    - a lease that was not renewed is given up (the worker's outcome will not be kept);
    - a job held for longer than the longest run is not renewed: its worker is presumed
      stuck in it, and the job lapses to another worker;
    - with nothing held, nothing is read or written.

    Returns how many leases it renewed.
    """

    def __init__(self, uow: UnitOfWorkFactory, held: HeldLeases, clock: Clock) -> None:
        self._uow = uow
        self._held = held
        self._clock = clock

    def execute(self) -> int:
        now = self._clock.now()
        leases = [lease for lease in self._held.held() if not self._overdue(lease, now)]
        if not leases:
            return 0
        with self._uow() as uow:
            renewed = {
                (kind, job_id)
                for kind, attempts in _attempts_by_kind(leases).items()
                for job_id in _jobs_of(uow, kind).renew_leases(attempts, self._held.expiry(now))
            }
            uow.commit()
        for lease in leases:
            if (lease.kind, lease.job_id) not in renewed and self._held.holds(lease):
                log.info("lease not renewed: the job finished or another worker has it")
                self._held.release(lease)
        return len(renewed)

    def _overdue(self, lease: Lease, now: datetime) -> bool:
        if now - lease.since < self._held.terms.longest_run:
            return False
        log.warning(
            "job %s %s ran too long; it is left to another worker", lease.kind, lease.job_id
        )
        self._held.release(lease)
        return True


def _attempts_by_kind(leases: list[Lease]) -> dict[str, dict[int, int]]:
    by_kind: dict[str, dict[int, int]] = {}
    for lease in leases:
        by_kind.setdefault(lease.kind, {})[lease.job_id] = lease.attempt
    return by_kind


def _jobs_of(uow: UnitOfWork, kind: str) -> LeasedJobRepository:
    repositories: dict[str, LeasedJobRepository] = {
        IMPROVE_CV: uow.ai_responses,
        RENDER_PDF: uow.pdf_renders,
        DELIVER_MAIL: uow.mails,
    }
    return repositories[kind]
