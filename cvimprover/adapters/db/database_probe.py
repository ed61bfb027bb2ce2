from sqlalchemy import Engine, text

from cvimprover.ports.health import HealthProbe


class DatabaseProbe(HealthProbe):
    name = "database"
    required = True

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def check(self) -> str | None:
        with self._engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return None
