"""The subscription state machine on a user.

checkout completed (paid) -> the plan, active; active again (renewed, plan changed) -> the
plan of its price, active; past due -> the plan is kept for a grace period; canceled -> Free.
Events older than the newest one applied are stale and change nothing, so a gateway's
retries and reorderings never move a subscription backwards.
"""

from datetime import datetime, timedelta

from cvimprover.core.billing.events import BillingEvent, EventKind
from cvimprover.core.users.model import User

ACTIVE, PAST_DUE, CANCELED = "active", "past_due", "canceled"
STATUS_AFTER = {
    EventKind.CHECKOUT_COMPLETED: ACTIVE,
    EventKind.SUBSCRIPTION_ACTIVE: ACTIVE,
    EventKind.SUBSCRIPTION_PAST_DUE: PAST_DUE,
    EventKind.SUBSCRIPTION_CANCELED: CANCELED,
}


def concerns(user: User, event: BillingEvent) -> bool:
    """Whether `event` may move the user's subscription: it is not older than the newest
    event applied, and it is about their current subscription. A checkout starts a new
    one; so does any live event of another subscription once the current one has ended
    (its checkout's own event may arrive later). An old subscription's events never
    touch a newer one."""
    newest = user.subscription_event_at
    if newest is not None and event.occurred_at < newest:
        return False
    current = user.stripe_subscription_id
    if not (current and event.subscription_id and event.subscription_id != current):
        return True
    if event.kind is EventKind.CHECKOUT_COMPLETED:
        return True
    ended = user.stripe_subscription_status == CANCELED
    return ended and event.kind is not EventKind.SUBSCRIPTION_CANCELED


def apply_event(
    user: User, event: BillingEvent, *, plan_id: int | None, free_plan_id: int | None
) -> None:
    """Moves the subscription by `event` (check `concerns` first). `plan_id` is the plan the
    event's price or checkout names, None when it names none."""
    if event.kind is EventKind.SUBSCRIPTION_CANCELED:
        user.plan_id, user.past_due_since = free_plan_id, None
    else:
        if plan_id is not None:
            user.plan_id = plan_id
        past_due = event.kind is EventKind.SUBSCRIPTION_PAST_DUE
        user.past_due_since = (user.past_due_since or event.occurred_at) if past_due else None
    user.stripe_subscription_status = STATUS_AFTER[event.kind]
    user.stripe_subscription_id = event.subscription_id or user.stripe_subscription_id
    user.stripe_customer_id = event.customer_id or user.stripe_customer_id
    user.subscription_renewal_date = event.renews_at or user.subscription_renewal_date
    user.subscription_interval = event.interval or user.subscription_interval
    user.subscription_gateway = event.gateway
    user.subscription_event_at = event.occurred_at


def gateway_of(user: User, selling: str) -> str:
    """The name of the gateway that holds the user's subscription and customer record:
    the one their last subscription event came from; `selling` for someone who never had
    one (older rows got theirs from migration 0009)."""
    return user.subscription_gateway or selling


def customer_of(user: User, gateway: str) -> str | None:
    """The user's customer id at `gateway`: the stored one came from the gateway of their
    last subscription event (None for accounts from before gateways were recorded)."""
    if user.subscription_gateway not in (None, gateway):
        return None
    return user.stripe_customer_id or None


def live_subscription(user: User) -> str | None:
    """The id of the user's subscription that a gateway may still charge: any not known to
    be canceled (past due ones too)."""
    if user.stripe_subscription_id and user.stripe_subscription_status != CANCELED:
        return user.stripe_subscription_id
    return None


def plan_in_force(
    status: str | None, past_due_since: datetime | None, now: datetime, grace: timedelta
) -> bool:
    """Whether the paid plan's quotas apply now: a subscription past due beyond the grace
    period counts as Free until it is paid again."""
    overdue = status == PAST_DUE and past_due_since is not None
    return not (overdue and past_due_since is not None and now - past_due_since > grace)
