"""Lease renewal in SQL, on SQLite (embedded) and PostgreSQL alike: only the attempt that
holds a job extends it, and on PostgreSQL a renewal racing the sweeper loses cleanly."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cvimprover.adapters.db import migrate
from cvimprover.adapters.db.engine import build_engine, build_session_factory
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork
from cvimprover.core.cvs.model import AIResponse, JobStatus
from cvimprover.core.mail.model import MailStatus, QueuedMail
from tests.integration.test_pdf_render_repository import NOW, improvements, render

pytestmark = pytest.mark.integration
UNTIL = NOW + timedelta(seconds=30)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = build_engine(f"sqlite:///{tmp_path / 'leases.sqlite3'}")
        migrate.upgrade(engine)
        yield engine
        engine.dispose()
    else:
        yield request.getfixturevalue("pg_engine")


@pytest.fixture
def uow(engine: Engine):
    factory = build_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(factory)


def jobs(uow, *states: tuple[JobStatus, int]) -> list[int]:
    """Improvement jobs in the given (status, attempts), each lapsing at NOW."""
    user_id, questionnaire_id, _ = improvements(uow, "alice", 0)
    with uow() as unit:
        rows = [
            AIResponse(
                user_id=user_id,
                questionnaire_id=questionnaire_id,
                prompt="Make it shine",
                created_at=NOW,
                next_attempt_at=NOW,
                status=status,
                attempts=attempts,
            )
            for status, attempts in states
        ]
        for row in rows:
            unit.ai_responses.add(row)
        unit.commit()
        return [row.id for row in rows]


def lapses(uow, job_id: int) -> tuple[JobStatus, object]:
    with uow() as unit:
        job = unit.ai_responses.get_for_update(job_id)
        return job.status, job.next_attempt_at


def test_only_jobs_still_running_the_attempt_that_holds_them_are_renewed(uow) -> None:
    held, retaken, finished, requeued = jobs(
        uow,
        (JobStatus.RUNNING, 2),
        (JobStatus.RUNNING, 3),
        (JobStatus.SUCCEEDED, 2),
        (JobStatus.QUEUED, 2),
    )
    with uow() as unit:
        attempts = {held: 2, retaken: 2, finished: 2, requeued: 2, 999_999: 1}
        assert unit.ai_responses.renew_leases(attempts, UNTIL) == {held}
        unit.commit()
    assert lapses(uow, held) == (JobStatus.RUNNING, UNTIL)
    assert lapses(uow, retaken) == (JobStatus.RUNNING, NOW)
    assert lapses(uow, finished) == (JobStatus.SUCCEEDED, NOW)
    assert lapses(uow, requeued) == (JobStatus.QUEUED, NOW)


def test_nothing_to_renew_asks_nothing(uow) -> None:
    with uow() as unit:
        assert unit.ai_responses.renew_leases({}, UNTIL) == set()


def test_pdf_renders_are_renewed_by_their_attempt_too(uow) -> None:
    user_id, _, [job] = improvements(uow, "bob", 1)
    held = render(uow, user_id, job, status=JobStatus.RUNNING, attempts=1)
    done = render(uow, user_id, job, status=JobStatus.FAILED, attempts=1)
    with uow() as unit:
        assert unit.pdf_renders.renew_leases({held: 1, done: 1}, UNTIL) == {held}
        unit.commit()
    with uow() as unit:
        assert unit.pdf_renders.get_for_update(held).next_attempt_at == UNTIL
        assert unit.pdf_renders.get_for_update(done).next_attempt_at != UNTIL


def test_mails_being_sent_are_renewed_by_their_attempt(uow) -> None:
    def mail(status: MailStatus, attempts: int) -> int:
        with uow() as unit:
            row = QueuedMail(
                to="ada@example.com",
                subject="Welcome",
                text="Hello",
                created_at=NOW,
                next_attempt_at=NOW,
                status=status,
                attempts=attempts,
            )
            unit.mails.add(row)
            unit.commit()
            return row.id

    sending, waiting, retaken = (
        mail(MailStatus.SENDING, 1),
        mail(MailStatus.QUEUED, 1),
        mail(MailStatus.SENDING, 2),
    )
    with uow() as unit:
        assert unit.mails.renew_leases({sending: 1, waiting: 1, retaken: 1}, UNTIL) == {sending}
        unit.commit()
    with uow() as unit:
        due = unit.mails.due(NOW + timedelta(seconds=1), 10)
        assert sorted(row.id for row in due) == sorted([waiting, retaken])


def test_a_renewal_racing_the_sweeper_finds_the_job_queued_again(pg_engine: Engine) -> None:
    factory = build_session_factory(pg_engine)

    def uow() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(factory)

    [job_id] = jobs(uow, (JobStatus.RUNNING, 1))
    renewed: list[set[int]] = []
    with uow() as sweeper:
        [due] = sweeper.ai_responses.due(NOW + timedelta(seconds=1), 10)  # locks the row
        due.status, due.next_attempt_at = JobStatus.QUEUED, NOW + timedelta(minutes=1)

        def heartbeat() -> None:
            with uow() as unit:
                renewed.append(unit.ai_responses.renew_leases({job_id: 1}, UNTIL))
                unit.commit()

        beat = threading.Thread(target=heartbeat)
        beat.start()
        beat.join(timeout=0.5)
        assert beat.is_alive()  # waits for the sweeper's lock
        sweeper.commit()
    beat.join(timeout=10)
    assert renewed == [set()]
    assert lapses(uow, job_id) == (JobStatus.QUEUED, NOW + timedelta(minutes=1))
