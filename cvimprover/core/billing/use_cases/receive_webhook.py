from cvimprover.core.billing.commands import Delivery
from cvimprover.core.billing.events import UnreadableEvent
from cvimprover.core.billing.use_cases.apply_billing_event import ApplyBillingEvent
from cvimprover.core.errors import InvalidInput, InvalidSignature, NotFound
from cvimprover.ports.payments import PaymentGateways
from cvimprover.ports.telemetry import NoTelemetry, Telemetry

UNREAD = "unread"
"""The event type counted for a delivery refused before it could be read."""


class ReceiveWebhook:
    """Takes a gateway's webhook delivery.

    - every configured gateway's webhooks are taken, the selling one's and those of the
      others still holding subscriptions; a gateway not configured here is not found;
    - the signature is verified with the named gateway's own secret, on the raw body,
      before anything is read or changed (InvalidSignature otherwise);
    - event types that do not move a subscription are acknowledged and ignored;
    - a verified event with a field no stored row can hold (an id past the id columns'
      range, say) is refused once, and recorded: the gateway, which retries what is not
      a 2xx, gets its next delivery acknowledged as a duplicate;
    - a failure while applying propagates, so the gateway is told to retry;
    - every delivery is counted by its outcome: applied, duplicate, ignored or refused.

    Answers whether the delivery changed anything (a new event).
    """

    def __init__(
        self,
        gateways: PaymentGateways,
        apply: ApplyBillingEvent,
        telemetry: Telemetry | None = None,
    ) -> None:
        self._gateways = gateways
        self._apply = apply
        self._telemetry = telemetry or NoTelemetry()

    def execute(self, delivery: Delivery) -> bool:
        gateway = self._gateways.named(delivery.provider)
        if gateway is None:
            raise NotFound(
                f"Webhooks from {delivery.provider!r} are not taken here: no such gateway "
                "is configured (its webhook secret is not set)."
            )
        provider = gateway.name
        try:
            event = gateway.read_webhook(delivery.body, delivery.headers)
        except UnreadableEvent as unreadable:
            return self._refuse(provider, unreadable)
        except (InvalidSignature, InvalidInput):
            self._telemetry.webhook_received(provider, UNREAD, "refused")
            raise
        if event is None:
            self._telemetry.webhook_received(provider, UNREAD, "ignored")
            return False
        applied = self._apply.execute(event)
        outcome = "applied" if applied else "duplicate"
        self._telemetry.webhook_received(provider, event.kind.value, outcome)
        return applied

    def _refuse(self, provider: str, unreadable: UnreadableEvent) -> bool:
        """Refused the first time, recorded so that a redelivery is a duplicate."""
        first = self._apply.record_unreadable(unreadable)
        self._telemetry.webhook_received(provider, UNREAD, "refused" if first else "duplicate")
        if first:
            raise unreadable
        return False
