"""One atomic piece of work against the stores."""

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from cvimprover.ports.billing import BillingRepository, PlanRepository
from cvimprover.ports.cvs import (
    AIResponseRepository,
    PdfRenderRepository,
    QuestionnaireRepository,
)
from cvimprover.ports.mail_outbox import QueuedMailRepository
from cvimprover.ports.users import OneTimeTokenRepository, RefreshSessionRepository, UserRepository


class UnitOfWork(Protocol):
    """Groups changes; nothing is kept unless `commit` is called before the block ends."""

    users: UserRepository
    plans: PlanRepository
    refresh_sessions: RefreshSessionRepository
    one_time_tokens: OneTimeTokenRepository
    mails: QueuedMailRepository
    questionnaires: QuestionnaireRepository
    ai_responses: AIResponseRepository
    pdf_renders: PdfRenderRepository
    billing: BillingRepository

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
"""Queries may be given a factory of read-only units: cheaper, and `commit` refuses."""
