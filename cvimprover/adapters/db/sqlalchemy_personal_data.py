"""All of one person's rows, for their data export: every table that names a user."""

import enum
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from cvimprover.adapters.db import tables
from cvimprover.adapters.db.connection_failures import database_unavailable_as_domain_error
from cvimprover.ports.personal_data import (
    JsonValue,
    PersonalDataSource,
    PersonalRecords,
    StoredFile,
)

SECRET_COLUMNS = frozenset({"password_hash", "session_version", "digest", "jti", "family_id"})
"""Kept from the export: they prove nothing to the person and would help an attacker."""
STORAGE_COLUMNS = frozenset({"resume_key", "file_key"})
"""Internal storage keys; the files themselves are in the export."""
SECTION_NAMES = {"refresh_sessions": "sessions", "one_time_tokens": "mailed_links"}


class SqlAlchemyPersonalData(PersonalDataSource):
    """Reads through its own read-only sessions; any table added later with a `user_id`
    column is exported too, without a change here."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory

    def records_of(self, user_id: int) -> PersonalRecords | None:
        with database_unavailable_as_domain_error(), self._session_factory() as session:
            profile = self._profile(session, user_id)
            if profile is None:
                return None
            sections = {
                SECTION_NAMES.get(table.name, str(table.name)): _rows(session, table, user_id)
                for table in tables.metadata.sorted_tables
                if "user_id" in table.c
            }
            return PersonalRecords(profile, sections, _files(session, user_id))

    @staticmethod
    def _profile(session: Session, user_id: int) -> dict[str, JsonValue] | None:
        users, plans = tables.users, tables.plans
        query = (
            select(users, plans.c.name.label("plan_name"))
            .select_from(users.outerjoin(plans, users.c.plan_id == plans.c.id))
            .where(users.c.id == user_id)
        )
        row = session.execute(query).mappings().one_or_none()
        return _plain(dict(row)) if row is not None else None


def _rows(session: Session, table: Table, user_id: int) -> list[dict[str, JsonValue]]:
    order = [table.c[name] for name in ("id", "issued_at", "jti") if name in table.c][:1]
    query = select(table).where(table.c.user_id == user_id).order_by(*order)
    return [_plain(dict(row)) for row in session.execute(query).mappings()]


def _files(session: Session, user_id: int) -> list[StoredFile]:
    resumes, renders = tables.questionnaires.c, tables.pdf_renders.c
    found = [
        StoredFile(key, f"files/questionnaire-{row_id}-resume.pdf")
        for row_id, key in session.execute(
            select(resumes.id, resumes.resume_key)
            .where(resumes.user_id == user_id, resumes.resume_key.is_not(None))
            .order_by(resumes.id)
        )
    ]
    found += [
        StoredFile(key, f"files/ai-response-{response_id}-pdf-{row_id}.pdf")
        for row_id, response_id, key in session.execute(
            select(renders.id, renders.ai_response_id, renders.file_key)
            .where(renders.user_id == user_id, renders.file_key.is_not(None))
            .order_by(renders.id)
        )
    ]
    return found


def _plain(row: dict[str, Any]) -> dict[str, JsonValue]:
    hidden = SECRET_COLUMNS | STORAGE_COLUMNS
    return {str(name): _json(value) for name, value in row.items() if name not in hidden}


def _json(value: Any) -> JsonValue:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return _json(value.value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | dict):  # a JSON column: JSON already (the structured CV)
        return cast(JsonValue, value)
    return str(value)
