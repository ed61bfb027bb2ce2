"""The payment gateways a deployment works with, by name."""

from collections.abc import Iterable

from cvimprover.ports.payments import PaymentGateway, PaymentGateways


class GatewayRegistry(PaymentGateways):
    """The selling gateway and the others configured beside it, each known by its name;
    the selling one is always among them."""

    def __init__(self, selling: PaymentGateway, others: Iterable[PaymentGateway] = ()) -> None:
        self._selling = selling
        self._by_name = {gateway.name: gateway for gateway in others}
        self._by_name[selling.name] = selling

    def selling(self) -> PaymentGateway:
        return self._selling

    def named(self, name: str) -> PaymentGateway | None:
        return self._by_name.get(name)
