"""Which database errors mean "the database is out of reach", not "this request is wrong".

While PostgreSQL restarts, a connection attempt is refused (or told the server is starting
up or shutting down), and a pooled connection ends with AdminShutdown or is found closed.
None of these is the request's fault, and trying again shortly may work: they leave as
`DependencyUnavailable` (503 + Retry-After), never as a 500.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import exc

from cvimprover.core.errors import DependencyUnavailable

UNAVAILABLE = "The database is unavailable; try again in a few seconds."

_UNREACHABLE = (
    psycopg.OperationalError,  # refused, reset, AdminShutdown, CannotConnectNow, ...
    exc.DisconnectionError,  # a pooled connection failed its check, and so did a new one
    exc.TimeoutError,  # no pooled connection came free in time
)


def is_unavailable(error: BaseException) -> bool:
    """The database cannot be reached, or the connection to it broke, in any driver.

    SQLAlchemy wraps the driver's errors (`DBAPIError.orig`) and marks those it knows for a
    broken connection (`connection_invalidated`: a psycopg connection found closed, say).
    OperationalError is, as in PEP 249, an error of the database's operation rather than
    of the statement: a lost connection, a server shutting down, a lock or a resource that
    ran out. SQLite's "database is locked" is one too.
    """
    if isinstance(error, exc.DBAPIError):
        return error.connection_invalidated or isinstance(error, exc.OperationalError)
    return isinstance(error, _UNREACHABLE)


def is_connection_lost(error: BaseException) -> bool:
    """An established connection broke under a statement (the server restarted or dropped
    it): SQLAlchemy has invalidated it, and a fresh one may well work at once. A refused
    connection attempt is not one: it was already fresh."""
    return isinstance(error, exc.DBAPIError) and error.connection_invalidated


@contextmanager
def database_unavailable_as_domain_error() -> Iterator[None]:
    """Inside the block, a database out of reach raises `DependencyUnavailable`."""
    try:
        yield
    except Exception as error:
        if is_unavailable(error):
            raise DependencyUnavailable(UNAVAILABLE) from error
        raise
