"""Correctly signed gateway events whose ids or times no stored row can hold (a user or plan id
past the id columns' 1..2**31-1 range, a time past any calendar's), over HTTP on PostgreSQL,
with Stripe's and Paddle's official SDKs and the sandbox gateway: the delivery is a 422 that
names the field, the event is recorded as processed, so the gateway's next delivery of it is
acknowledged as a duplicate (200) and it retries no more, and nobody's plan changes."""

import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from falcon import testing
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, text

from cvimprover.adapters.payments.sandbox_gateway import SandboxPaymentGateway
from cvimprover.adapters.system.clock import SystemClock
from cvimprover.core.billing.model import BillingInterval
from cvimprover.ports.payments import CheckoutRequest
from tests.http.helpers import assert_problem, sign_up
from tests.support import paddle_fake, stripe_fake
from tests.support.fixtures import TEST_SECRET, make_settings

PAST = 2**31
YEAR_300000 = 9_400_000_000_000  # Unix seconds
HUGE = 10**20  # more seconds than a C time_t holds
KEYS = {
    "sandbox": {},
    "stripe": {
        "stripe_api_key": stripe_fake.API_KEY,
        "stripe_webhook_secret": stripe_fake.WEBHOOK_SECRET,
    },
    "paddle": {
        "paddle_api_key": paddle_fake.API_KEY,
        "paddle_webhook_secret": paddle_fake.WEBHOOK_SECRET,
    },
}


@pytest.fixture
def gateway_name() -> str:
    return "sandbox"


@pytest.fixture
def settings(tmp_path, postgres_url, pg_engine, httpserver: HTTPServer, gateway_name: str):
    base_url = {f"{gateway_name}_base_url": httpserver.url_for("").rstrip("/")}
    return make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        payment_gateway=gateway_name,
        **KEYS[gateway_name],
        **(base_url if gateway_name != "sandbox" else {}),
    )


@pytest.fixture
def person(client: testing.TestClient) -> int:
    """Someone on Free, whose id the events also name where they name a second one."""
    return int(sign_up(client)["user"]["pk"])


def deliver(client: testing.TestClient, gateway: str, body: bytes) -> testing.Result:
    headers = {
        "stripe": {"Stripe-Signature": stripe_fake.signed(body)},
        "paddle": {"Paddle-Signature": paddle_fake.signed(body)},
        "sandbox": {"Content-Type": "application/x-www-form-urlencoded"},
    }[gateway]
    return client.simulate_post(f"/core/payments/webhook/{gateway}/", body=body, headers=headers)


def assert_refused_once(
    client: testing.TestClient, pg_engine: Engine, gateway: str, body: bytes, field: str
) -> None:
    refused = deliver(client, gateway, body)
    assert field in assert_problem(refused, 422)["errors"], refused.text
    with pg_engine.connect() as connection:
        recorded = connection.execute(
            text("SELECT gateway, user_id FROM processed_billing_events")
        ).all()
        assert [tuple(row) for row in recorded] == [(gateway, None)]
    again = deliver(client, gateway, body)
    assert again.status_code == 200, again.text
    assert again.json == {"received": True, "applied": False}
    with pg_engine.connect() as connection:
        moved = connection.execute(
            text(
                "SELECT count(*) FROM users JOIN plans ON plans.id = users.plan_id"
                " WHERE plans.name != 'Free' OR users.stripe_subscription_id IS NOT NULL"
            )
        ).scalar_one()
    assert moved == 0


def stripe_checkout(
    person: int,
    *,
    client_reference_id: str | None = None,
    plan_id: str = "2",
    created: int | None = None,
) -> bytes:
    session = {
        "id": "cs_test_past",
        "object": "checkout.session",
        "mode": "subscription",
        "payment_status": "paid",
        "status": "complete",
        "client_reference_id": client_reference_id or str(person),
        "metadata": {"user_id": str(person), "plan_id": plan_id},
        "subscription": "sub_past",
        "customer": "cus_past",
    }
    created = int(time.time()) if created is None else created
    return stripe_fake.event("checkout.session.completed", session, created=created, event_id="e")


def stripe_renewal(user_id: int, period_end: int) -> bytes:
    subscription = stripe_fake.subscription(
        "sub_past", "active", price_id="price_x", user_id=user_id, period_end=period_end
    )
    return stripe_fake.event(
        "customer.subscription.updated", subscription, created=int(time.time()), event_id="e"
    )


@pytest.mark.parametrize("gateway_name", ["stripe"])
@pytest.mark.parametrize(
    ("event", "field"),
    [
        pytest.param(
            lambda p: stripe_checkout(p, client_reference_id=str(PAST)),
            "client_reference_id",
            id="client_reference_id 2**31",
        ),
        pytest.param(
            lambda p: stripe_checkout(p, client_reference_id="9" * 30),
            "client_reference_id",
            id="client_reference_id of 30 digits",
        ),
        pytest.param(
            lambda p: stripe_checkout(p, plan_id=str(PAST)), "metadata.plan_id", id="plan 2**31"
        ),
        pytest.param(
            lambda p: stripe_checkout(p, created=YEAR_300000), "created", id="created 300000 AD"
        ),
        pytest.param(lambda p: stripe_checkout(p, created=HUGE), "created", id="created 10**20"),
        pytest.param(
            lambda _: stripe_renewal(PAST, 1_900_000_000), "metadata.user_id", id="user 2**31"
        ),
        pytest.param(
            lambda p: stripe_renewal(p, YEAR_300000),
            "current_period_end",
            id="period end 300000 AD",
        ),
    ],
)
def test_a_signed_stripe_event_past_the_range_is_refused_once_and_moves_nobody(
    client, pg_engine, person, event, field: str
) -> None:
    assert_refused_once(client, pg_engine, "stripe", event(person), field)


def paddle_checkout(custom_data: dict[str, Any], occurred_at: str) -> bytes:
    paid = paddle_fake.transaction(
        "txn_01past",
        paddle_fake.price("pri_01basic", "500"),
        status="completed",
        custom_data=custom_data,
        customer_id="ctm_01past",
        subscription_id="sub_01past",
        origin="web",
    )
    return paddle_fake.notification(
        "transaction.completed", paid, event_id="evt_01past", occurred_at=occurred_at
    )


NOW_STAMP = "2026-11-20T10:00:00.000000Z"


@pytest.mark.parametrize("gateway_name", ["paddle"])
@pytest.mark.parametrize(
    ("custom_data", "occurred_at", "field"),
    [
        ({"user_id": str(PAST), "plan_id": "2"}, NOW_STAMP, "custom_data.user_id"),
        ({"user_id": PAST, "plan_id": "2"}, NOW_STAMP, "custom_data.user_id"),
        ({"user_id": "PERSON", "plan_id": str(PAST)}, NOW_STAMP, "custom_data.plan_id"),
        ({"user_id": "PERSON", "plan_id": "2"}, "300000-01-01T00:00:00Z", "occurred_at"),
        ({"user_id": "PERSON", "plan_id": "2"}, "9999-12-31T23:30:00-01:00", "occurred_at"),
        ({"user_id": "PERSON", "plan_id": "2"}, "2026-11-20T10:00:00", "occurred_at"),
    ],
)
def test_a_signed_paddle_event_past_the_range_is_refused_once_and_moves_nobody(
    client, pg_engine, person, custom_data: dict[str, Any], occurred_at: str, field: str
) -> None:
    named = {key: str(person) if value == "PERSON" else value for key, value in custom_data.items()}
    body = paddle_checkout(named, occurred_at)

    assert_refused_once(client, pg_engine, "paddle", body, field)


@pytest.mark.parametrize(("user_id", "plan_id", "field"), [(PAST, 2, "user"), (0, PAST, "plan")])
def test_a_signed_sandbox_checkout_past_the_range_is_refused_once_and_moves_nobody(
    client, pg_engine, person, user_id: int, plan_id: int, field: str
) -> None:
    sandbox = SandboxPaymentGateway(TEST_SECRET.encode(), "http://x", SystemClock())
    session = sandbox.start_checkout(
        CheckoutRequest(
            user_id=user_id or person,
            email="someone@example.com",
            customer_id=None,
            plan_id=plan_id,
            price_id="sandbox_basic_monthly",
            interval=BillingInterval.MONTHLY,
            success_url="http://x/ok",
            cancel_url="http://x/no",
        )
    )
    body = urlencode({"action": "complete", "session_id": session.session_id}).encode()

    assert_refused_once(client, pg_engine, "sandbox", body, field)


@pytest.mark.parametrize("gateway_name", ["stripe"])
@pytest.mark.parametrize("event_id", ["e" * 256, 10**300, None])
def test_a_signed_stripe_event_whose_id_cannot_be_recorded_is_refused_each_time(
    client, pg_engine, person, event_id: object
) -> None:
    body = json.loads(stripe_checkout(person))
    body["id"] = event_id

    for _ in range(2):
        refused = deliver(client, "stripe", json.dumps(body).encode())
        assert "id" in assert_problem(refused, 422)["errors"]
    with pg_engine.connect() as connection:
        assert (
            connection.execute(text("SELECT count(*) FROM processed_billing_events")).scalar() == 0
        )
