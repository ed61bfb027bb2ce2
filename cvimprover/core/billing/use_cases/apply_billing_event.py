import logging
from dataclasses import replace

from cvimprover.core.billing.events import BillingEvent, UnreadableEvent
from cvimprover.core.billing.model import FREE_PLAN_NAME, BillingInterval, ProcessedEvent
from cvimprover.core.billing.subscriptions import apply_event, concerns
from cvimprover.ports.clock import Clock
from cvimprover.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


class ApplyBillingEvent:
    """Applies one verified gateway event to its user's subscription, exactly once.

    - the event id is recorded in the same transaction as its effect: a duplicate or a
      concurrent second delivery finds it recorded and changes nothing;
    - the user's row is locked first, so events about one user are applied one at a time;
    - an event older than the newest applied, or about another subscription, is recorded
      and otherwise ignored (see `subscriptions`);
    - the plan is the one the checkout names, else the one the event's price bills.
    - a verified event that cannot be applied (`record_unreadable`) is recorded all the
      same, so it never is.

    Answers whether the event was new.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def execute(self, event: BillingEvent) -> bool:
        with self._uow() as uow:
            user = uow.billing.subscriber_for_update(
                event.user_id, event.subscription_id, event.customer_id
            )
            record = ProcessedEvent(
                gateway=event.gateway,
                event_id=event.event_id,
                processed_at=self._clock.now(),
                user_id=user.id if user else None,
            )
            if not uow.billing.record(record):
                return False
            if user is None:
                log.warning("billing event %s names no known user", event.event_id)
            elif concerns(user, event):
                plan_id, interval = _plan_of(uow, event)
                free = uow.plans.get_by_name(FREE_PLAN_NAME)
                apply_event(
                    user,
                    _with_interval(event, interval),
                    plan_id=plan_id,
                    free_plan_id=free.id if free else None,
                )
            uow.commit()
        return True

    def record_unreadable(self, refusal: UnreadableEvent) -> bool:
        """Records a verified event that cannot be applied, so that it never is; answers
        whether it was new. One without an id cannot be recorded: it is always new."""
        if refusal.event_id is None:
            return True
        with self._uow() as uow:
            record = ProcessedEvent(
                gateway=refusal.gateway, event_id=refusal.event_id, processed_at=self._clock.now()
            )
            if not uow.billing.record(record):
                return False
            uow.commit()
        log.warning("billing event %s is recorded, not applied: %s", record.event_id, refusal)
        return True


def _plan_of(uow: UnitOfWork, event: BillingEvent) -> tuple[int | None, BillingInterval | None]:
    if event.plan_id is not None and uow.plans.get(event.plan_id) is not None:
        return event.plan_id, event.interval
    for price in uow.plans.prices_of(event.gateway):
        if price.price_id == event.price_id:
            return price.plan_id, price.interval
    return None, event.interval


def _with_interval(event: BillingEvent, interval: BillingInterval | None) -> BillingEvent:
    if interval is None or event.interval is not None:
        return event
    return replace(event, interval=interval)
