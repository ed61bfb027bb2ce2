"""A worker holds its jobs under a short lease that its heartbeat renews while they run:
a live worker keeps them, a dead one loses them a lease after its last renewal."""

from datetime import timedelta

import pytest

from cvimprover.core.cvs.model import IMPROVE_CV, JobStatus
from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.core.jobs.leases import HeldLeases, Lease, LeaseTerms
from tests.unit.cv_bootstrap import CVs
from tests.unit.test_improvements import requested
from tests.unit.test_pdfs import asked

TERMS = LeaseTerms()
BEAT = TERMS.running / 3


@pytest.fixture
def cvs() -> CVs:
    return CVs()


def beats(cvs: CVs, count: int) -> list[int]:
    """The heartbeat, `count` times a beat apart; how many leases each renewed."""
    renewed = []
    for _ in range(count):
        cvs.clock.advance(BEAT)
        renewed.append(cvs.renew_leases.execute())
    return renewed


def test_a_running_improvement_is_renewed_a_whole_lease_ahead_at_each_beat(cvs: CVs) -> None:
    job_id = requested(cvs)
    seen = []

    def meanwhile(_request: object) -> None:
        assert beats(cvs, 6) == [1] * 6  # twice the lease, in beats
        job = cvs.store.state.ai_responses[job_id]
        seen.append((job.status, job.next_attempt_at - cvs.clock.now()))
        assert cvs.sweep.execute() == 0

    cvs.improvers[0].on_improve = meanwhile
    cvs.run.execute(job_id)
    assert seen == [(JobStatus.RUNNING, TERMS.running)]
    assert cvs.store.state.ai_responses[job_id].status is JobStatus.SUCCEEDED
    assert cvs.leases.held() == []


def test_a_running_pdf_render_is_renewed_too(cvs: CVs) -> None:
    render_id = asked(cvs, cvs.improvement())
    seen = []

    def meanwhile(_request: object) -> None:
        assert beats(cvs, 6) == [1] * 6
        render = cvs.store.state.pdf_renders[render_id]
        seen.append(render.next_attempt_at - cvs.clock.now())
        assert cvs.sweep_pdfs.execute() == 0

    cvs.renderer.on_render = meanwhile
    cvs.render_pdf.execute(render_id)
    assert seen == [TERMS.running]
    assert cvs.store.state.pdf_renders[render_id].status is JobStatus.SUCCEEDED


def test_a_dead_workers_job_lapses_one_lease_after_its_last_renewal(cvs: CVs) -> None:
    job_id = requested(cvs)

    def dies_after_two_beats(_request: object) -> None:
        beats(cvs, 2)
        raise SystemExit("killed")  # no outcome recorded, no heartbeat any more

    cvs.improvers[0].on_improve = dies_after_two_beats
    with pytest.raises(SystemExit):
        cvs.run.execute(job_id)
    cvs.clock.advance(TERMS.running - timedelta(seconds=1))
    assert cvs.sweep.execute() == 0
    cvs.clock.advance(timedelta(seconds=1))
    assert cvs.sweep.execute() == 1
    assert cvs.tasks.queued[-1] == (IMPROVE_CV, job_id)


def test_a_renewal_never_brings_back_a_finished_job(cvs: CVs) -> None:
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    finished = cvs.store.state.ai_responses[job_id]
    lapsed_at = finished.next_attempt_at
    with cvs.leases.holding(Lease(IMPROVE_CV, job_id, finished.attempts, cvs.clock.now())):
        assert cvs.renew_leases.execute() == 0
        assert cvs.leases.held() == []  # given up
    job = cvs.store.state.ai_responses[job_id]
    assert (job.status, job.next_attempt_at) == (JobStatus.SUCCEEDED, lapsed_at)


def test_a_renewal_never_extends_a_job_another_worker_has_taken(cvs: CVs) -> None:
    job_id = requested(cvs)
    job = cvs.store.state.ai_responses[job_id]
    job.status, job.attempts = JobStatus.RUNNING, 2  # the other worker's attempt
    theirs = job.next_attempt_at = cvs.clock.now() + timedelta(seconds=5)
    with cvs.leases.holding(Lease(IMPROVE_CV, job_id, 1, cvs.clock.now())):
        cvs.clock.advance(BEAT)
        assert cvs.renew_leases.execute() == 0
    assert cvs.store.state.ai_responses[job_id].next_attempt_at == theirs


def test_a_renewal_never_extends_a_job_the_sweeper_queued_again(cvs: CVs) -> None:
    render_id = asked(cvs, cvs.improvement())
    render = cvs.store.state.pdf_renders[render_id]
    render.status, render.attempts = JobStatus.QUEUED, 1
    queued_until = render.next_attempt_at
    with cvs.leases.holding(Lease(RENDER_PDF, render_id, 1, cvs.clock.now())):
        assert cvs.renew_leases.execute() == 0
    assert cvs.store.state.pdf_renders[render_id].next_attempt_at == queued_until


def test_with_nothing_held_the_heartbeat_touches_no_store(cvs: CVs) -> None:
    units = len(cvs.renew_leases._uow.units)  # type: ignore[attr-defined]
    assert cvs.renew_leases.execute() == 0
    assert len(cvs.renew_leases._uow.units) == units  # type: ignore[attr-defined]


def test_a_job_running_longer_than_the_longest_run_is_left_to_another_worker() -> None:
    cvs = CVs(leases=HeldLeases(LeaseTerms(longest_run=timedelta(minutes=2))))
    job_id = requested(cvs)
    renewed = []

    def stuck(_request: object) -> None:
        renewed.extend(beats(cvs, 15))  # 2.5 minutes
        assert cvs.sweep.execute() == 1

    cvs.improvers[0].on_improve = stuck
    cvs.run.execute(job_id)
    assert renewed[:11] == [1] * 11  # 110 s
    assert set(renewed[12:]) == {0}
    job = cvs.store.state.ai_responses[job_id]
    assert job.status is JobStatus.QUEUED  # the stuck worker's result was not kept
    assert job.response_text is None


def test_a_lease_must_allow_a_job_one_lease_of_running() -> None:
    with pytest.raises(ValueError, match="at least one lease"):
        LeaseTerms(running=timedelta(minutes=1), longest_run=timedelta(seconds=30))
    with pytest.raises(ValueError, match="some time"):
        LeaseTerms(running=timedelta(0))
