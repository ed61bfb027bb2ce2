"""Maps the plain domain dataclasses onto the tables, without touching the domain code."""

from sqlalchemy import inspect
from sqlalchemy.orm import registry

from cvimprover.adapters.db import tables
from cvimprover.core.billing.model import Plan
from cvimprover.core.users.model import OneTimeToken, RefreshSession, User

mapper_registry = registry(metadata=tables.metadata)


def start_mappers() -> None:
    """Idempotent: the API, the worker and the tests may all call it."""
    if inspect(User, raiseerr=False) is not None:
        return
    mapper_registry.map_imperatively(Plan, tables.plans)
    mapper_registry.map_imperatively(User, tables.users)
    mapper_registry.map_imperatively(RefreshSession, tables.refresh_sessions)
    mapper_registry.map_imperatively(OneTimeToken, tables.one_time_tokens)
