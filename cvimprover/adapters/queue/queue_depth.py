from kombu.connection import Connection

from cvimprover.adapters.queue.kombu_task_queue import JOBS


class KombuQueueDepth:
    """How many jobs wait in the broker's queue (Redis: the list's length; the embedded
    SQL broker: its unread rows). Raises when the broker cannot be reached."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def __call__(self) -> float:
        with self._connection.clone() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
            # A declare, not a passive check: Redis has no key for an empty queue, and a
            # passive declare of it fails as if the queue did not exist.
            declared = JOBS.bind(connection.default_channel).queue_declare()
            return float(declared.message_count)
