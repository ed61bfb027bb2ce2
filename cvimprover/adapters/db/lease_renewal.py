from collections.abc import Mapping
from datetime import datetime
from enum import Enum

from sqlalchemy import Table, and_, or_, update
from sqlalchemy.orm import Session


def renew_leases(
    session: Session, table: Table, running: Enum, attempts: Mapping[int, int], until: datetime
) -> set[int]:
    """One UPDATE for every lease: a row is renewed only while it is still running the
    attempt that holds it, so a finished or re-taken job is never brought back."""
    if not attempts:
        return set()
    held = or_(
        *(
            and_(table.c.id == job_id, table.c.attempts == attempt)
            for job_id, attempt in attempts.items()
        )
    )
    statement = (
        update(table)
        .where(table.c.status == running, held)
        .values(next_attempt_at=until)
        .returning(table.c.id)
    )
    renewed = session.execute(statement, execution_options={"synchronize_session": False})
    return set(renewed.scalars())
