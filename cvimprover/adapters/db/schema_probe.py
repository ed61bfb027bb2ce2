import functools

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from cvimprover.adapters.db.migrate import MIGRATIONS
from cvimprover.ports.health import HealthProbe


@functools.cache
def _shipped_heads() -> frozenset[str]:
    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())


class SchemaProbe(HealthProbe):
    """The database's schema is the one this code was shipped with: a process must not
    take traffic before `cvimprover migrate` has run (or while an older schema lingers)."""

    name = "migrations"
    required = True

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def check(self) -> str | None:
        with self._engine.connect() as connection:
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
        shipped = _shipped_heads()
        if current != shipped:
            found = ", ".join(sorted(current)) or "none"
            raise RuntimeError(f"schema at {found}, code expects {', '.join(sorted(shipped))}")
        return None
