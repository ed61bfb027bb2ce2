"""Questionnaires and improvement jobs; every owner look-up filters by user id in SQL."""

from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, Table, func, insert, select, union_all
from sqlalchemy.orm import Session

from cvimprover.adapters.db import tables
from cvimprover.adapters.db.engine import note_owner
from cvimprover.adapters.db.lease_renewal import renew_leases
from cvimprover.core.cvs.model import AIResponse, JobStatus, Questionnaire
from cvimprover.core.cvs.pdfs import PdfRender
from cvimprover.ports.cvs import (
    AIResponseRepository,
    PdfRenderRepository,
    QuestionnaireRepository,
)

Row = TypeVar("Row")

_QUESTIONNAIRE_COLUMNS = tuple(
    column.key for column in tables.questionnaires.c if not column.primary_key
)
_INSERT_QUESTIONNAIRE = insert(tables.questionnaires).returning(tables.questionnaires.c.id)


class SqlAlchemyQuestionnaireRepository(QuestionnaireRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, questionnaire: Questionnaire) -> None:
        """One INSERT in the unit's transaction, without the ORM's unit of work (its flush
        costs several times the statement itself, and a new questionnaire is written once
        and never changed in the same unit). The entity gets its id; it is not attached to
        the session."""
        values = {key: getattr(questionnaire, key) for key in _QUESTIONNAIRE_COLUMNS}
        inserted = self._session.connection().execute(_INSERT_QUESTIONNAIRE, values)
        questionnaire.id = inserted.scalar_one()
        note_owner(self._session, questionnaire.user_id)

    def get_owned(self, questionnaire_id: int, user_id: int) -> Questionnaire | None:
        table = tables.questionnaires
        query = select(Questionnaire).where(
            table.c.id == questionnaire_id, table.c.user_id == user_id
        )
        return self._session.scalars(query).one_or_none()

    def list_owned(self, user_id: int, *, before_id: int | None, limit: int) -> list[Questionnaire]:
        table = tables.questionnaires
        query = _newest_first(select(Questionnaire), table, user_id, before_id, limit)
        return list(self._session.scalars(query))

    def delete(self, questionnaire: Questionnaire) -> None:
        self._session.delete(questionnaire)  # its jobs go through ON DELETE CASCADE
        self._session.flush()

    def file_keys_of(self, user_id: int) -> list[str]:
        resumes, renders = tables.questionnaires.c, tables.pdf_renders.c
        query = union_all(
            select(resumes.resume_key).where(
                resumes.user_id == user_id, resumes.resume_key.is_not(None)
            ),
            select(renders.file_key).where(
                renders.user_id == user_id, renders.file_key.is_not(None)
            ),
        )
        return list(self._session.scalars(query))


class SqlAlchemyAIResponseRepository(AIResponseRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, response: AIResponse) -> None:
        self._session.add(response)
        self._session.flush()

    def get_owned(self, response_id: int, user_id: int) -> AIResponse | None:
        table = tables.ai_responses
        query = select(AIResponse).where(table.c.id == response_id, table.c.user_id == user_id)
        return self._session.scalars(query).one_or_none()

    def get_for_update(self, response_id: int) -> AIResponse | None:
        return self._session.get(
            AIResponse, response_id, with_for_update=True, populate_existing=True
        )

    def list_owned(self, user_id: int, *, before_id: int | None, limit: int) -> list[AIResponse]:
        table = tables.ai_responses
        query = _newest_first(select(AIResponse), table, user_id, before_id, limit)
        return list(self._session.scalars(query))

    def due(self, now: datetime, limit: int) -> list[AIResponse]:
        table = tables.ai_responses
        query = (
            select(AIResponse)
            .where(
                table.c.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
                table.c.next_attempt_at <= now,
            )
            .order_by(table.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self._session.scalars(query))

    def renew_leases(self, attempts: Mapping[int, int], until: datetime) -> set[int]:
        return renew_leases(self._session, tables.ai_responses, JobStatus.RUNNING, attempts, until)


class SqlAlchemyPdfRenderRepository(PdfRenderRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, render: PdfRender) -> None:
        self._session.add(render)
        self._session.flush()

    def get_owned(self, render_id: int, user_id: int) -> PdfRender | None:
        table = tables.pdf_renders
        query = select(PdfRender).where(table.c.id == render_id, table.c.user_id == user_id)
        return self._session.scalars(query).one_or_none()

    def get_for_update(self, render_id: int) -> PdfRender | None:
        return self._session.get(PdfRender, render_id, with_for_update=True, populate_existing=True)

    def latest_of(self, ai_response_ids: list[int]) -> dict[int, PdfRender]:
        if not ai_response_ids:
            return {}
        columns = tables.pdf_renders.c
        latest = (
            select(func.max(columns.id))
            .where(columns.ai_response_id.in_(ai_response_ids))
            .group_by(columns.ai_response_id)
        )
        renders = self._session.scalars(select(PdfRender).where(columns.id.in_(latest)))
        return {render.ai_response_id: render for render in renders}

    def due(self, now: datetime, limit: int) -> list[PdfRender]:
        columns = tables.pdf_renders.c
        query = (
            select(PdfRender)
            .where(
                columns.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
                columns.next_attempt_at <= now,
            )
            .order_by(columns.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self._session.scalars(query))

    def renew_leases(self, attempts: Mapping[int, int], until: datetime) -> set[int]:
        return renew_leases(self._session, tables.pdf_renders, JobStatus.RUNNING, attempts, until)

    def file_keys_under(self, questionnaire_id: int) -> list[str]:
        renders, jobs = tables.pdf_renders.c, tables.ai_responses.c
        query = (
            select(renders.file_key)
            .join_from(tables.pdf_renders, tables.ai_responses, renders.ai_response_id == jobs.id)
            .where(jobs.questionnaire_id == questionnaire_id, renders.file_key.is_not(None))
        )
        return list(self._session.scalars(query))


def _newest_first(
    query: Select[Row], table: Table, user_id: int, before_id: int | None, limit: int
) -> Select[Row]:
    """One owner's rows by descending id: stable under inserts, and an index range scan
    whatever the table's size (unlike OFFSET)."""
    columns = table.c
    query = query.where(columns.user_id == user_id)
    if before_id is not None:
        query = query.where(columns.id < before_id)
    return query.order_by(columns.id.desc()).limit(limit)
