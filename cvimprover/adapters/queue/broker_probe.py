from kombu.connection import Connection

from cvimprover.ports.health import HealthProbe


class BrokerProbe(HealthProbe):
    """The job broker. Not required: jobs accepted while it is down wait in the database."""

    name = "broker"
    required = False

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def check(self) -> str | None:
        with self._connection.clone() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return None
