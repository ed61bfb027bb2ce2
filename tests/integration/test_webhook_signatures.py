"""Webhooks of both gateways, signed exactly as Stripe and Paddle sign them: only the raw
bytes that were signed, within the tolerance window both ways, are read into events."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from cvimprover.adapters.payments.paddle_gateway import PaddleGateway
from cvimprover.adapters.payments.stripe_gateway import StripePaymentGateway
from cvimprover.core.billing.events import EventKind
from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.errors import InvalidSignature
from cvimprover.ports.payments import PaymentGateway
from tests.support import paddle_fake, stripe_fake
from tests.unit.fakes import FakeClock

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TOLERANCE = 300


@dataclass
class Provider:
    """One gateway, with how its webhooks are written and signed."""

    gateway: PaymentGateway
    header: str
    body: Callable[[], bytes]
    sign: Callable[..., str]


def stripe_provider() -> Provider:
    session = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "mode": "subscription",
        "payment_status": "paid",
        "status": "complete",
        "client_reference_id": "7",
        "metadata": {"user_id": "7", "plan_id": "2", "interval": "monthly"},
        "subscription": "sub_1",
        "customer": "cus_1",
    }
    created = int(NOW.timestamp())
    return Provider(
        gateway=StripePaymentGateway(
            stripe_fake.API_KEY,
            stripe_fake.WEBHOOK_SECRET,
            FakeClock(NOW),
            tolerance_seconds=TOLERANCE,
        ),
        header="Stripe-Signature",
        body=lambda: stripe_fake.event(
            "checkout.session.completed", session, created=created, event_id="evt_1"
        ),
        sign=stripe_fake.signed,
    )


def paddle_provider() -> Provider:
    paid = paddle_fake.transaction(
        "txn_01paid",
        paddle_fake.price("pri_01basic", "500"),
        status="completed",
        custom_data={"user_id": "7", "plan_id": "2", "interval": "monthly"},
        customer_id="ctm_1",
        subscription_id="sub_1",
        origin="web",
    )
    return Provider(
        gateway=PaddleGateway(
            paddle_fake.API_KEY,
            paddle_fake.WEBHOOK_SECRET,
            FakeClock(NOW),
            tolerance_seconds=TOLERANCE,
        ),
        header="Paddle-Signature",
        body=lambda: paddle_fake.notification(
            "transaction.completed", paid, event_id="evt_1", occurred_at=NOW.isoformat()
        ),
        sign=paddle_fake.signed,
    )


@pytest.fixture(params=[stripe_provider, paddle_provider], ids=["stripe", "paddle"])
def provider(request: pytest.FixtureRequest) -> Provider:
    made: Provider = request.param()
    return made


NOW_TS = int(NOW.timestamp())


def test_a_validly_signed_paid_checkout_becomes_a_checkout_completed_event(
    provider: Provider,
) -> None:
    body = provider.body()
    headers = {provider.header: provider.sign(body, timestamp=NOW_TS)}

    event = provider.gateway.read_webhook(body, headers)

    assert event is not None
    assert event.gateway == provider.gateway.name
    assert event.event_id == "evt_1"
    assert event.kind is EventKind.CHECKOUT_COMPLETED
    assert (event.user_id, event.plan_id) == (7, 2)
    assert event.subscription_id == "sub_1"
    assert event.interval is BillingInterval.MONTHLY
    assert event.occurred_at == NOW


def test_the_signature_header_is_found_whatever_its_case(provider: Provider) -> None:
    body = provider.body()
    headers = {provider.header.upper(): provider.sign(body, timestamp=NOW_TS)}

    assert provider.gateway.read_webhook(body, headers) is not None


def test_a_signature_made_with_another_secret_is_refused(provider: Provider) -> None:
    body = provider.body()
    headers = {provider.header: provider.sign(body, timestamp=NOW_TS, secret="whsec_forged")}

    with pytest.raises(InvalidSignature):
        provider.gateway.read_webhook(body, headers)


@pytest.mark.parametrize("headers", [{}, {"X-Other": "t=1"}])
def test_a_delivery_without_a_signature_is_refused(
    provider: Provider, headers: dict[str, str]
) -> None:
    with pytest.raises(InvalidSignature):
        provider.gateway.read_webhook(provider.body(), headers)


@pytest.mark.parametrize("value", ["", "garbage", "t=abc,v1=00", "ts=abc;h1=00", "ts=1;h1=00"])
def test_a_malformed_signature_is_refused(provider: Provider, value: str) -> None:
    with pytest.raises(InvalidSignature):
        provider.gateway.read_webhook(provider.body(), {provider.header: value})


def test_the_same_json_in_other_bytes_is_refused(provider: Provider) -> None:
    body = provider.body()
    header = provider.sign(body, timestamp=NOW_TS)
    reserialised = json.dumps(json.loads(body), separators=(",", ":"), sort_keys=True).encode()
    assert reserialised != body
    assert json.loads(reserialised) == json.loads(body)

    with pytest.raises(InvalidSignature):
        provider.gateway.read_webhook(reserialised, {provider.header: header})


def test_a_body_that_is_not_utf8_is_refused(provider: Provider) -> None:
    body = provider.body() + b"\xff"

    with pytest.raises(InvalidSignature):
        provider.gateway.read_webhook(
            body, {provider.header: provider.sign(b"{}", timestamp=NOW_TS)}
        )


@pytest.mark.parametrize("offset", [-TOLERANCE - 1, -86_400, TOLERANCE + 1, 86_400])
def test_a_replayed_or_future_dated_signature_is_refused(provider: Provider, offset: int) -> None:
    body = provider.body()
    headers = {provider.header: provider.sign(body, timestamp=NOW_TS + offset)}

    with pytest.raises(InvalidSignature, match="tolerance"):
        provider.gateway.read_webhook(body, headers)


@pytest.mark.parametrize("offset", [-TOLERANCE, TOLERANCE])
def test_a_signature_at_the_edge_of_the_window_is_taken(provider: Provider, offset: int) -> None:
    body = provider.body()
    headers = {provider.header: provider.sign(body, timestamp=NOW_TS + offset)}

    assert provider.gateway.read_webhook(body, headers) is not None


def test_paddles_test_mode_variable_does_not_turn_the_replay_check_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEST_MODE", "1")
    provider = paddle_provider()
    body = provider.body()
    headers = {provider.header: provider.sign(body, timestamp=NOW_TS - 86_400)}

    with pytest.raises(InvalidSignature):
        provider.gateway.read_webhook(body, headers)


def test_a_rotated_paddle_secret_verifies_with_either_signature() -> None:
    provider = paddle_provider()
    body = provider.body()
    old = provider.sign(body, timestamp=NOW_TS, secret="pdl_old_secret")
    new = provider.sign(body, timestamp=NOW_TS)
    headers = {provider.header: f"{old};h1={new.split('h1=')[1]}"}

    assert provider.gateway.read_webhook(body, headers) is not None
