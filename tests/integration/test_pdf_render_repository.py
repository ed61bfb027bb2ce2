"""The PDF render rows, on SQLite (embedded) and PostgreSQL alike."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cvimprover.adapters.db import migrate
from cvimprover.adapters.db.engine import build_engine, build_session_factory
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork
from cvimprover.core.cvs.model import (
    AIResponse,
    ApplicationTimeline,
    CompanySize,
    ExperienceLevel,
    JobStatus,
    Questionnaire,
)
from cvimprover.core.cvs.pdfs import PageSize, PdfRender, PdfTemplate
from cvimprover.core.users.model import User

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = build_engine(f"sqlite:///{tmp_path / 'renders.sqlite3'}")
        migrate.upgrade(engine)
        yield engine
        engine.dispose()
    else:
        yield request.getfixturevalue("pg_engine")


@pytest.fixture
def uow(engine: Engine):
    factory = build_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(factory)


def improvements(uow, name: str, count: int) -> tuple[int, int, list[int]]:
    """A user, one questionnaire of theirs and `count` succeeded improvements of it."""
    with uow() as unit:
        user = User(username=name, email=f"{name}@example.com", password_hash="h", date_joined=NOW)
        unit.users.add(user)
        questionnaire = Questionnaire(
            user_id=user.id,
            position="Backend Engineer",
            industry="Fintech",
            experience_level=ExperienceLevel.MID,
            company_size=CompanySize.STARTUP,
            application_timeline=ApplicationTimeline.IMMEDIATE,
            submitted_at=NOW,
        )
        unit.questionnaires.add(questionnaire)
        jobs = [
            AIResponse(
                user_id=user.id,
                questionnaire_id=questionnaire.id,
                prompt="Make it shine",
                created_at=NOW,
                next_attempt_at=NOW,
                status=JobStatus.SUCCEEDED,
                response_text="# Name",
            )
            for _ in range(count)
        ]
        for job in jobs:
            unit.ai_responses.add(job)
        unit.commit()
        return user.id, questionnaire.id, [job.id for job in jobs]


def render(uow, user_id: int, job_id: int, **fields) -> int:
    values = {
        "template": PdfTemplate.CLASSIC,
        "page_size": PageSize.A4,
        "next_attempt_at": NOW + timedelta(minutes=1),
    } | fields
    with uow() as unit:
        row = PdfRender(user_id=user_id, ai_response_id=job_id, created_at=NOW, **values)
        unit.pdf_renders.add(row)
        unit.commit()
        return row.id


def test_a_render_reads_back_with_its_enums_and_owner(uow) -> None:
    user_id, _, [job] = improvements(uow, "alice", 1)
    render_id = render(uow, user_id, job, template=PdfTemplate.MODERN, page_size=PageSize.LETTER)
    with uow() as unit:
        found = unit.pdf_renders.get_owned(render_id, user_id)
        assert found is not None
        assert (found.template, found.page_size, found.status) == (
            PdfTemplate.MODERN,
            PageSize.LETTER,
            JobStatus.QUEUED,
        )
        assert found.next_attempt_at == NOW + timedelta(minutes=1)
        assert unit.pdf_renders.get_owned(render_id, user_id + 1) is None


def test_each_improvement_shows_its_latest_render_read_for_a_page_at_once(uow) -> None:
    user_id, _, [first, second, third] = improvements(uow, "alice", 3)
    render(uow, user_id, first)
    latest = render(uow, user_id, first, template=PdfTemplate.MODERN)
    only = render(uow, user_id, second)
    with uow() as unit:
        found = unit.pdf_renders.latest_of([first, second, third])
        assert {job: row.id for job, row in found.items()} == {first: latest, second: only}
        assert unit.pdf_renders.latest_of([]) == {}


def test_due_renders_are_the_unfinished_ones_past_their_lease_oldest_first(uow) -> None:
    user_id, _, [job] = improvements(uow, "alice", 1)
    later = render(uow, user_id, job, next_attempt_at=NOW + timedelta(minutes=5))
    sooner = render(uow, user_id, job, status=JobStatus.RUNNING)
    render(uow, user_id, job, status=JobStatus.SUCCEEDED)
    render(uow, user_id, job, next_attempt_at=NOW + timedelta(hours=1))
    with uow() as unit:
        due = unit.pdf_renders.due(NOW + timedelta(minutes=10), 10)
        assert [row.id for row in due] == [sooner, later]


def test_the_files_of_a_questionnaire_and_of_a_user_include_their_pdfs(uow) -> None:
    user_id, questionnaire_id, [job] = improvements(uow, "alice", 1)
    other_user, _, [other_job] = improvements(uow, "bob", 1)
    render(uow, user_id, job, file_key="cv-pdfs/1", status=JobStatus.SUCCEEDED)
    render(uow, user_id, job)  # not rendered yet: no file
    render(uow, other_user, other_job, file_key="cv-pdfs/3", status=JobStatus.SUCCEEDED)
    with uow() as unit:
        unit.questionnaires.get_owned(questionnaire_id, user_id).resume_key = "resumes/abc"
        unit.commit()
    with uow() as unit:
        assert unit.pdf_renders.file_keys_under(questionnaire_id) == ["cv-pdfs/1"]
        assert sorted(unit.questionnaires.file_keys_of(user_id)) == ["cv-pdfs/1", "resumes/abc"]


def test_deleting_a_questionnaire_deletes_the_renders_of_its_improvements(uow) -> None:
    user_id, questionnaire_id, [job] = improvements(uow, "alice", 1)
    render_id = render(uow, user_id, job)
    with uow() as unit:
        unit.questionnaires.delete(unit.questionnaires.get_owned(questionnaire_id, user_id))
        unit.commit()
    with uow() as unit:
        assert unit.pdf_renders.get_for_update(render_id) is None
