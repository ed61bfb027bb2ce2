"""Retention queries over every owner's rows (`cvimprover cleanup`)."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, select, union
from sqlalchemy.orm import Session

from cvimprover.adapters.db import tables
from cvimprover.core.cvs.model import JobStatus
from cvimprover.ports.retention import ExpiredResult, RetentionStore

FINISHED = [JobStatus.SUCCEEDED, JobStatus.FAILED]


class SqlAlchemyRetentionStore(RetentionStore):
    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory

    def finished_results_before(self, cutoff: datetime) -> list[ExpiredResult]:
        jobs, renders = tables.ai_responses.c, tables.pdf_renders.c
        query = (
            select(jobs.id, renders.file_key)
            .select_from(tables.ai_responses)
            .outerjoin(tables.pdf_renders, renders.ai_response_id == jobs.id)
            .where(jobs.status.in_(FINISHED), jobs.created_at < cutoff)
            .order_by(jobs.id, renders.id)
        )
        found: dict[int, list[str]] = {}
        with self._session_factory() as session:
            for job_id, file_key in session.execute(query):
                keys = found.setdefault(job_id, [])
                if file_key is not None:
                    keys.append(file_key)
        return [ExpiredResult(job_id, keys) for job_id, keys in found.items()]

    def delete_results(self, ai_response_ids: list[int]) -> None:
        if not ai_response_ids:
            return
        jobs = tables.ai_responses
        with self._session_factory() as session, session.begin():
            # PDF renders go with their job through ON DELETE CASCADE.
            session.execute(delete(jobs).where(jobs.c.id.in_(ai_response_ids)))

    def referenced_file_keys(self) -> set[str]:
        resumes, renders = tables.questionnaires.c, tables.pdf_renders.c
        query = union(
            select(resumes.resume_key).where(resumes.resume_key.is_not(None)),
            select(renders.file_key).where(renders.file_key.is_not(None)),
        )
        with self._session_factory() as session:
            return set(session.scalars(query))
