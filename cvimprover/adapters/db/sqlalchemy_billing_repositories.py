"""Billing's persistence: which gateway events were applied, and whom they are about."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cvimprover.adapters.db import tables
from cvimprover.core.billing.model import ProcessedEvent
from cvimprover.core.users.model import User
from cvimprover.ports.billing import BillingRepository


class SqlAlchemyBillingRepository(BillingRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, event: ProcessedEvent) -> bool:
        self._session.add(event)
        try:
            # The unique (gateway, event_id) index decides: a concurrent delivery of the
            # same event waits here for the first one's transaction, then fails.
            self._session.flush()
        except IntegrityError:
            return False  # the unit of work rolls back: nothing of this delivery is kept
        return True

    def subscriber_for_update(
        self, user_id: int | None, subscription_id: str | None, customer_id: str | None
    ) -> User | None:
        users = tables.users
        for column, value in (
            (users.c.id, user_id),
            (users.c.stripe_subscription_id, subscription_id),
            (users.c.stripe_customer_id, customer_id),
        ):
            if value is None:
                continue
            query = select(User).where(column == value).order_by(users.c.id).limit(1)
            user = self._session.scalars(query.with_for_update()).first()
            if user is not None:
                return user
        return None
