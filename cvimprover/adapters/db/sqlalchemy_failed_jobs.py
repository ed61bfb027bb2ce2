from sqlalchemy import Engine, select, union_all
from sqlalchemy.sql import literal

from cvimprover.adapters.db import tables
from cvimprover.core.admin.model import FailedJob, JobRef
from cvimprover.core.cvs.model import IMPROVE_CV, JobStatus
from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.ports.admin import FailedJobs


class SqlAlchemyFailedJobs(FailedJobs):
    """Both job tables in one query, newest failure first."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def newest(self, limit: int) -> list[FailedJob]:
        columns = ("id", "user_id", "error", "attempts", "finished_at")
        parts = [
            select(literal(kind).label("kind"), *(table.c[name] for name in columns)).where(
                table.c.status == JobStatus.FAILED
            )
            for kind, table in ((IMPROVE_CV, tables.ai_responses), (RENDER_PDF, tables.pdf_renders))
        ]
        everything = union_all(*parts).subquery()
        query = (
            select(everything)
            .order_by(everything.c.finished_at.desc().nulls_last(), everything.c.id.desc())
            .limit(limit)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            FailedJob(JobRef(row.kind, row.id), row.user_id, row.error or "", row.attempts,
                      row.finished_at)
            for row in rows
        ]  # fmt: skip
