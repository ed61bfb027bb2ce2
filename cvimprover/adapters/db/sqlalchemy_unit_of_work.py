from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from cvimprover.adapters.db.connection_failures import (
    UNAVAILABLE,
    database_unavailable_as_domain_error,
    is_unavailable,
)
from cvimprover.adapters.db.engine import OWNERS
from cvimprover.adapters.db.sqlalchemy_billing_repositories import SqlAlchemyBillingRepository
from cvimprover.adapters.db.sqlalchemy_cv_repositories import (
    SqlAlchemyAIResponseRepository,
    SqlAlchemyPdfRenderRepository,
    SqlAlchemyQuestionnaireRepository,
)
from cvimprover.adapters.db.sqlalchemy_repositories import (
    SqlAlchemyOneTimeTokenRepository,
    SqlAlchemyPlanRepository,
    SqlAlchemyQueuedMailRepository,
    SqlAlchemyRefreshSessionRepository,
    SqlAlchemyUserRepository,
)
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.read_cache import ChangeListener
from cvimprover.ports.unit_of_work import UnitOfWork


class SqlAlchemyUnitOfWork(UnitOfWork):
    """One database transaction; rolled back on exit unless committed.

    A read-only unit (for queries, over an autocommit session factory) refuses to commit.
    A database out of reach (a restart, a dropped connection) leaves the block as
    `DependencyUnavailable`, whichever repository met it.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        read_only: bool = False,
        changes: ChangeListener | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._read_only = read_only
        self._changes = changes

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        self.users = SqlAlchemyUserRepository(self._session)
        self.plans = SqlAlchemyPlanRepository(self._session)
        self.refresh_sessions = SqlAlchemyRefreshSessionRepository(self._session)
        self.one_time_tokens = SqlAlchemyOneTimeTokenRepository(self._session)
        self.mails = SqlAlchemyQueuedMailRepository(self._session)
        self.questionnaires = SqlAlchemyQuestionnaireRepository(self._session)
        self.ai_responses = SqlAlchemyAIResponseRepository(self._session)
        self.pdf_renders = SqlAlchemyPdfRenderRepository(self._session)
        self.billing = SqlAlchemyBillingRepository(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._end()
        except Exception as error:
            if not is_unavailable(error):
                raise
            exc = exc or error  # ending on a broken connection fails too: the first error tells
        if exc is not None and is_unavailable(exc):
            raise DependencyUnavailable(UNAVAILABLE) from exc

    def _end(self) -> None:
        try:
            if not self._read_only:  # a read has nothing to undo: what it loaded stays readable
                self.rollback()
        finally:
            self._session.close()

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        with database_unavailable_as_domain_error():
            self._session.commit()
        owners: dict[int, bool] = self._session.info.pop(OWNERS, {})
        if self._changes is not None:
            # Before the caller answers: its client's next read must see this commit,
            # which other processes hear of only through the change feed.
            for user_id, own_row in owners.items():
                if own_row:
                    self._changes.user_changed(user_id)
                else:
                    self._changes.data_changed(user_id)

    def rollback(self) -> None:
        self._session.rollback()
        self._session.info.pop(OWNERS, None)
