"""A read whose connection breaks under it is tried once more, on a fresh connection.

A pooled connection is checked before it is handed out (engine.py), but a server that
restarts between the check and the query, or while the query runs, still breaks it. A
read is safe to send again when the transaction around it has written nothing, and when
nothing is loaded in the session yet: the rollback that lets go of the broken connection
expires every loaded object, which a unit of work's caller may still read after the
block. That is a unit of work's first query, where a broken pooled connection shows.
"""

from typing import Any

import structlog
from sqlalchemy import event
from sqlalchemy.engine import Result
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from cvimprover.adapters.db.connection_failures import is_connection_lost

log = structlog.get_logger(__name__)
WROTE = "wrote"
"""`session.info` key: the current transaction has flushed or executed a write."""


def retry_reads_once(factory: sessionmaker[Session]) -> None:
    """Sessions of `factory` send a read again, once, when its connection is lost."""
    event.listen(factory, "do_orm_execute", _read_with_one_retry)
    event.listen(factory, "after_flush", _note_write)
    event.listen(factory, "after_begin", _new_transaction)


def _read_with_one_retry(state: ORMExecuteState) -> Result[Any] | None:
    session = state.session
    if not state.is_select:
        try:
            return state.invoke_statement()
        finally:  # after the statement: its transaction may begin (after_begin) with it
            session.info[WROTE] = True
    if not _may_send_again(session):
        return None
    try:
        return state.invoke_statement()
    except Exception as error:
        if not is_connection_lost(error):
            raise
        log.info("a read's connection was lost; sending it once more", error=str(error))
        session.rollback()  # lets go of the broken connection; the next one is fresh
        return state.invoke_statement()


def _may_send_again(session: Session) -> bool:
    pending = session.new or session.dirty or session.deleted
    return not (session.info.get(WROTE) or pending or len(session.identity_map))


def _note_write(session: Session, _context: Any) -> None:
    session.info[WROTE] = True


def _new_transaction(session: Session, _transaction: Any, _connection: Any) -> None:
    session.info.pop(WROTE, None)
