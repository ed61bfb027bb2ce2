"""The official SDKs' clients, made one way for every adapter that calls a gateway."""

from dataclasses import dataclass
from typing import Literal

import stripe
from paddle_billing import Client, Environment, Options


@dataclass(frozen=True)
class _Endpoint:
    """Stands for the Paddle SDK's Environment: its client only ever reads `base_url`."""

    base_url: str


def paddle_client(
    api_key: str,
    *,
    environment: Literal["production", "sandbox"],
    base_url: str | None,
    timeout_seconds: float,
    max_retries: int,
) -> Client:
    endpoint = _Endpoint(base_url or str(Environment(environment).base_url))
    return Client(
        api_key,
        options=Options(environment=endpoint),
        retry_count=max_retries,
        timeout=timeout_seconds,
    )


def stripe_client(
    api_key: str, *, base_url: str | None, timeout_seconds: float, max_retries: int
) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": base_url} if base_url else None,
        max_network_retries=max_retries,
        http_client=stripe.RequestsClient(timeout=timeout_seconds),
    )
