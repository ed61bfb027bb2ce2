"""Questionnaires and improvement jobs; every owner look-up filters by user id in SQL."""

from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session

from cvimprover.adapters.db import tables
from cvimprover.core.cvs.model import AIResponse, JobStatus, Questionnaire
from cvimprover.ports.cvs import AIResponseRepository, QuestionnaireRepository

Row = TypeVar("Row")


class SqlAlchemyQuestionnaireRepository(QuestionnaireRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, questionnaire: Questionnaire) -> None:
        self._session.add(questionnaire)
        self._session.flush()

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
        table = tables.questionnaires
        query = select(table.c.resume_key).where(
            table.c.user_id == user_id, table.c.resume_key.is_not(None)
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
