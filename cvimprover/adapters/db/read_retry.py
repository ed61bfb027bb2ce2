"""A read whose connection breaks under it is tried once more, on a fresh connection.

A pooled connection is checked before it is handed out (engine.py), but a server that
restarts between the check and the query still breaks it. Only the statement that begins
a transaction is sent again: nothing can have been written in a transaction that has not
begun, and the statement is where a session checks out its connection, where a broken
one shows. Nor when the session holds loaded objects (from a transaction it committed):
the rollback that lets go of the broken connection would expire them, and the caller may
still read them after the block. Later statements leave the broken connection's error
to the unit of work, which reports the database unavailable.
"""

from typing import Any

import structlog
from sqlalchemy import event
from sqlalchemy.engine import Result
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from cvimprover.adapters.db.connection_failures import is_connection_lost

log = structlog.get_logger(__name__)


def retry_reads_once(factory: sessionmaker[Session]) -> None:
    """Sessions of `factory` send a read again, once, when its connection is lost."""
    event.listen(factory, "do_orm_execute", _read_with_one_retry)


def _read_with_one_retry(state: ORMExecuteState) -> Result[Any] | None:
    session = state.session
    if not state.is_select or session.in_transaction() or not _holds_nothing(session):
        return None  # executed as usual; costs nothing past these checks
    try:
        return state.invoke_statement()
    except Exception as error:
        if not is_connection_lost(error):
            raise
        log.info("a read's connection was lost; sending it once more", error=str(error))
        session.rollback()  # lets go of the broken connection; the next one is fresh
        return state.invoke_statement()


def _holds_nothing(session: Session) -> bool:
    """No pending change (autoflush would write it first), nothing loaded."""
    return not (session.new or session.dirty or session.deleted or len(session.identity_map))
