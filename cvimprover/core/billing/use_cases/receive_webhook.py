from cvimprover.core.billing.commands import Delivery
from cvimprover.core.billing.use_cases.apply_billing_event import ApplyBillingEvent
from cvimprover.core.errors import NotFound
from cvimprover.ports.payments import PaymentGateway


class ReceiveWebhook:
    """Takes a gateway's webhook delivery.

    - only the configured gateway's webhooks are taken; another provider is not found;
    - the signature is verified on the raw body before anything is read or changed
      (InvalidSignature otherwise);
    - event types that do not move a subscription are acknowledged and ignored;
    - a failure while applying propagates, so the gateway is told to retry.

    Answers whether the delivery changed anything (a new event).
    """

    def __init__(self, gateway: PaymentGateway, apply: ApplyBillingEvent) -> None:
        self._gateway = gateway
        self._apply = apply

    def execute(self, delivery: Delivery) -> bool:
        if delivery.provider != self._gateway.name:
            raise NotFound(f"Webhooks from {delivery.provider!r} are not taken here.")
        event = self._gateway.read_webhook(delivery.body, delivery.headers)
        if event is None:
            return False
        return self._apply.execute(event)
