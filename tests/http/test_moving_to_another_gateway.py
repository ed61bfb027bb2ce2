"""A business that moved from Stripe to Paddle, over HTTP: PAYMENT_GATEWAY=paddle, and
Stripe still configured (its keys and webhook secret), each SDK talking to its local fake.
New checkouts go to Paddle; a Stripe subscriber's renewals, failed payments and
cancellation keep arriving from Stripe and are applied, their portal and the cancellation
when they delete their account go to Stripe. A gateway that is not configured is not
found."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from falcon import testing
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, text

from cvimprover.config import Settings
from cvimprover.container import build_container
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.support import paddle_fake, stripe_fake
from tests.support.fixtures import make_settings

STRIPE_PRICE, PADDLE_PRICE = "price_basic_monthly", "pri_01basicmonthly"
STRIPE_SUBSCRIPTION, STRIPE_CUSTOMER = "sub_1OldStripeSub", "cus_OldStripe"
ALL_KEYS = {
    "stripe_api_key": stripe_fake.API_KEY,
    "stripe_webhook_secret": stripe_fake.WEBHOOK_SECRET,
    "paddle_api_key": paddle_fake.API_KEY,
    "paddle_webhook_secret": paddle_fake.WEBHOOK_SECRET,
}


@pytest.fixture
def stripe(httpserver: HTTPServer) -> stripe_fake.FakeStripe:
    fake = stripe_fake.FakeStripe(httpserver)
    fake.add_price(STRIPE_PRICE, 900)
    fake.add_subscription(STRIPE_SUBSCRIPTION, customer=STRIPE_CUSTOMER)
    return fake


@pytest.fixture
def paddle(httpserver_ipv4: HTTPServer) -> paddle_fake.FakePaddle:
    fake = paddle_fake.FakePaddle(httpserver_ipv4)
    fake.add_price(PADDLE_PRICE, "1000")
    return fake


@pytest.fixture
def prices_on_both(pg_engine: Engine) -> Iterator[None]:
    """Basic is sold monthly on both gateways, as it was on Stripe before the move."""
    with pg_engine.begin() as connection:
        for gateway, price_id in (("stripe", STRIPE_PRICE), ("paddle", PADDLE_PRICE)):
            connection.execute(
                text(
                    "INSERT INTO plan_prices (plan_id, gateway, interval, price_id) "
                    "SELECT id, :gateway, 'monthly', :price FROM plans WHERE name = 'Basic'"
                ),
                {"gateway": gateway, "price": price_id},
            )
    yield
    with pg_engine.begin() as connection:
        connection.execute(text("DELETE FROM plan_prices WHERE gateway IN ('stripe', 'paddle')"))


def moved_settings(tmp_path: Path, postgres_url: str, **overrides: Any) -> Settings:
    return make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        payment_gateway="paddle",
        **overrides,
    )


@pytest.fixture
def settings(tmp_path, postgres_url, pg_engine, stripe, paddle, prices_on_both) -> Settings:
    return moved_settings(
        tmp_path,
        postgres_url,
        stripe_base_url=stripe.base_url,
        paddle_base_url=paddle.base_url,
        **ALL_KEYS,
    )


def stripe_subscriber(client: testing.TestClient, pg_engine: Engine) -> tuple[dict, int]:
    """Someone on Basic through Stripe, as the deployment left them before the move."""
    auth = sign_up(client)
    with pg_engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE users SET plan_id = (SELECT id FROM plans WHERE name = 'Basic'),"
                " stripe_customer_id = :customer, stripe_subscription_id = :subscription,"
                " stripe_subscription_status = 'active', subscription_gateway = 'stripe',"
                " subscription_interval = 'monthly' WHERE id = :id"
            ),
            {
                "customer": STRIPE_CUSTOMER,
                "subscription": STRIPE_SUBSCRIPTION,
                "id": auth["user"]["pk"],
            },
        )
    return bearer(auth["access"]), auth["user"]["pk"]


def from_stripe(
    client: testing.TestClient, event_type: str, status: str, *, period_end: int, secret: str
) -> testing.Result:
    obj = stripe_fake.subscription(
        STRIPE_SUBSCRIPTION,
        status,
        price_id=STRIPE_PRICE,
        customer=STRIPE_CUSTOMER,
        period_end=period_end,
    )
    body = stripe_fake.event(
        event_type, obj, created=int(time.time()), event_id=f"evt_{event_type}_{status}"
    )
    return client.simulate_post(
        "/core/payments/webhook/stripe/",
        body=body,
        headers={
            "Content-Type": "application/json",
            "Stripe-Signature": stripe_fake.signed(body, secret=secret),
        },
    )


def profile(client: testing.TestClient, person: dict) -> dict:
    answer = client.simulate_get("/auth/user/", headers=person)
    assert answer.status_code == 200, answer.text
    return answer.json


def test_a_stripe_subscribers_renewal_failed_payment_and_cancellation_are_applied(
    client, pg_engine
) -> None:
    person, _ = stripe_subscriber(client, pg_engine)
    renewed_until = 1_900_000_000

    renewal = from_stripe(
        client,
        "customer.subscription.updated",
        "active",
        period_end=renewed_until,
        secret=stripe_fake.WEBHOOK_SECRET,
    )
    assert (renewal.status_code, renewal.json) == (200, {"received": True, "applied": True})
    renewed = profile(client, person)
    assert renewed["subscription_renewal_date"].startswith(
        datetime.fromtimestamp(renewed_until, UTC).date().isoformat()
    )

    failed = from_stripe(
        client,
        "customer.subscription.updated",
        "past_due",
        period_end=renewed_until,
        secret=stripe_fake.WEBHOOK_SECRET,
    )
    assert failed.json == {"received": True, "applied": True}
    overdue = profile(client, person)
    assert (overdue["plan"]["name"], overdue["stripe_subscription_status"]) == ("Basic", "past_due")

    canceled = from_stripe(
        client,
        "customer.subscription.deleted",
        "canceled",
        period_end=renewed_until,
        secret=stripe_fake.WEBHOOK_SECRET,
    )
    assert canceled.json == {"received": True, "applied": True}
    ended = profile(client, person)
    assert (ended["plan"]["name"], ended["stripe_subscription_status"]) == ("Free", "canceled")


def test_stripe_webhooks_are_verified_with_stripes_own_secret(client, pg_engine) -> None:
    person, _ = stripe_subscriber(client, pg_engine)

    for secret in (paddle_fake.WEBHOOK_SECRET, "whsec_someone_elses"):
        forged = from_stripe(
            client, "customer.subscription.deleted", "canceled", period_end=1, secret=secret
        )
        assert_problem(forged, 400)

    assert profile(client, person)["plan"]["name"] == "Basic"


def test_a_stripe_subscribers_portal_opens_at_stripe(client, pg_engine, stripe, paddle) -> None:
    person, _ = stripe_subscriber(client, pg_engine)

    portal = client.simulate_post("/core/billing/portal/", headers=person)

    assert portal.status_code == 200, portal.text
    assert portal.json["url"] == f"https://billing.stripe.com/p/session/test_{STRIPE_CUSTOMER}"
    assert stripe.last("/v1/billing_portal/sessions").form["customer"] == STRIPE_CUSTOMER
    assert paddle.received == []


def test_a_live_stripe_subscriber_is_sent_to_their_portal_instead_of_a_second_checkout(
    client, pg_engine, stripe, paddle
) -> None:
    person, _ = stripe_subscriber(client, pg_engine)
    basic = next(p for p in client.simulate_get("/core/plans/").json if p["name"] == "Basic")

    refused = client.simulate_post(
        "/core/payments/create-checkout-session/",
        headers=person,
        json={"plan_id": basic["id"], "billing": "monthly"},
    )

    assert refused.status_code == 409, refused.text
    assert "already have a subscription on stripe" in refused.json["detail"]
    assert "/core/billing/portal/" in refused.json["detail"]
    assert [r for r in paddle.received if r.method == "POST"] == []


def test_a_new_checkout_goes_to_paddle_and_its_subscription_is_served_there(
    client, pg_engine, stripe, paddle
) -> None:
    person, user_id = stripe_subscriber(client, pg_engine)
    ended = from_stripe(
        client,
        "customer.subscription.deleted",
        "canceled",
        period_end=1_900_000_000,
        secret=stripe_fake.WEBHOOK_SECRET,
    )
    assert ended.json == {"received": True, "applied": True}
    plans = client.simulate_get("/core/plans/").json
    basic = next(plan for plan in plans if plan["name"] == "Basic")
    assert basic["monthly_price"]["amount"] == 10.0  # Paddle's price, not Stripe's 9

    started = client.simulate_post(
        "/core/payments/create-checkout-session/",
        headers=person,
        json={"plan_id": basic["id"], "billing": "monthly"},
    )

    assert started.status_code == 200, started.text
    transaction_id = started.json["session_id"]
    assert started.json["url"] == f"https://app.test/pay?_ptxn={transaction_id}"
    sent = paddle.last("POST", "/transactions").body
    assert "customer_id" not in sent  # Stripe's customer id means nothing to Paddle
    assert [r.path for r in stripe.received if r.path != "/v1/prices/" + STRIPE_PRICE] == []

    paddle.pay(transaction_id, subscription="sub_01newpaddle", customer="ctm_01newpaddle")
    completed = paddle_fake.transaction(
        transaction_id,
        paddle.prices[PADDLE_PRICE],
        status="completed",
        custom_data={"user_id": str(user_id), "plan_id": str(basic["id"]), "interval": "monthly"},
        customer_id="ctm_01newpaddle",
        subscription_id="sub_01newpaddle",
        origin="web",
    )
    body = paddle_fake.notification(
        "transaction.completed",
        completed,
        event_id="evt_01moved",
        occurred_at=datetime.now(UTC).isoformat(),
    )
    applied = client.simulate_post(
        "/core/payments/webhook/paddle/",
        body=body,
        headers={"Paddle-Signature": paddle_fake.signed(body)},
    )
    assert applied.json == {"received": True, "applied": True}
    assert profile(client, person)["stripe_subscription_id"] == "sub_01newpaddle"

    portal = client.simulate_post("/core/billing/portal/", headers=person)
    assert portal.json["url"].startswith("https://customer-portal.paddle.com/")


def test_deleting_a_stripe_subscribers_account_cancels_at_stripe(
    client, pg_engine, stripe, paddle
) -> None:
    person, _ = stripe_subscriber(client, pg_engine)

    assert client.simulate_delete("/auth/user/", headers=person).status_code == 204

    assert stripe.subscriptions[STRIPE_SUBSCRIPTION]["status"] == "canceled"
    assert paddle.received == []


def test_the_sandbox_and_unknown_gateways_are_not_found(client) -> None:
    for provider in ("sandbox", "nobody"):
        answer = client.simulate_post(f"/core/payments/webhook/{provider}/", body=b"{}")
        assert f"{provider!r} are not taken here" in assert_problem(answer, 404)["detail"]


def test_without_its_webhook_secret_a_former_gateway_is_not_served(
    tmp_path, postgres_url, pg_engine, paddle, prices_on_both
) -> None:
    only_paddle = moved_settings(
        tmp_path,
        postgres_url,
        paddle_api_key=paddle_fake.API_KEY,
        paddle_webhook_secret=paddle_fake.WEBHOOK_SECRET,
        paddle_base_url=paddle.base_url,
        stripe_api_key=stripe_fake.API_KEY,  # a key alone serves nobody
    )
    client = testing.TestClient(build_container(only_paddle).http.app())
    person, _ = stripe_subscriber(client, pg_engine)

    refused = from_stripe(
        client,
        "customer.subscription.deleted",
        "canceled",
        period_end=1,
        secret=stripe_fake.WEBHOOK_SECRET,
    )
    assert "'stripe' are not taken here" in assert_problem(refused, 404)["detail"]
    portal = client.simulate_post("/core/billing/portal/", headers=person)
    assert "manage it with stripe" in assert_problem(portal, 422)["detail"]
    deletion = client.simulate_delete("/auth/user/", headers=person)
    assert "cancel it with stripe" in assert_problem(deletion, 409)["detail"]
    assert profile(client, person)["plan"]["name"] == "Basic"
