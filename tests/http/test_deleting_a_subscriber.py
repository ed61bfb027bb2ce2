"""Deleting the account of a paying person over HTTP, with Stripe or Paddle as the gateway
(their official SDKs against local fakes): the subscription is canceled at the gateway
first, so nobody is charged for an account that is gone; while the gateway cannot be
reached, nothing is deleted and the person is told to try again."""

from dataclasses import dataclass
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, text

from tests.http.helpers import assert_problem, bearer, sign_up
from tests.support import paddle_fake, stripe_fake
from tests.support.fixtures import make_settings


@dataclass
class Gateway:
    name: str
    fake: Any
    subscription_id: str


@pytest.fixture(params=["stripe", "paddle"])
def gateway(request: pytest.FixtureRequest, httpserver: HTTPServer) -> Gateway:
    if request.param == "stripe":
        fake: Any = stripe_fake.FakeStripe(httpserver)
        fake.add_subscription("sub_Live1", customer="cus_Live1")
        return Gateway("stripe", fake, "sub_Live1")
    fake = paddle_fake.FakePaddle(httpserver)
    fake.add_price("pri_01pro", "1500")
    fake.add_subscription("sub_01live", price_id="pri_01pro", customer="ctm_01live")
    return Gateway("paddle", fake, "sub_01live")


@pytest.fixture
def settings(tmp_path, postgres_url, pg_engine, gateway: Gateway):
    keys = {
        "stripe": {
            "stripe_api_key": stripe_fake.API_KEY,
            "stripe_webhook_secret": stripe_fake.WEBHOOK_SECRET,
            "stripe_base_url": gateway.fake.base_url,
        },
        "paddle": {
            "paddle_api_key": paddle_fake.API_KEY,
            "paddle_webhook_secret": paddle_fake.WEBHOOK_SECRET,
            "paddle_base_url": gateway.fake.base_url,
        },
    }
    return make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        payment_gateway=gateway.name,
        **keys[gateway.name],
    )


def subscriber(client, pg_engine: Engine, gateway: Gateway, status: str = "active") -> dict:
    """A person whose subscription at `gateway` is in `status`, as its webhooks left it."""
    auth = sign_up(client)
    with pg_engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE users SET stripe_subscription_id = :subscription,"
                " stripe_subscription_status = :status, subscription_gateway = :gateway"
                " WHERE id = :id"
            ),
            {
                "subscription": gateway.subscription_id,
                "status": status,
                "gateway": gateway.name,
                "id": auth["user"]["pk"],
            },
        )
    return bearer(auth["access"])


def subscription_status(gateway: Gateway) -> str:
    return str(gateway.fake.subscriptions[gateway.subscription_id]["status"])


@pytest.mark.parametrize("status", ["active", "past_due"])
def test_deleting_the_account_cancels_the_subscription_at_the_gateway(
    client, pg_engine, gateway: Gateway, status: str
) -> None:
    person = subscriber(client, pg_engine, gateway, status)

    assert client.simulate_delete("/auth/user/", headers=person).status_code == 204

    assert subscription_status(gateway) == "canceled"
    assert client.simulate_get("/auth/user/", headers=person).status_code == 401


def test_a_subscription_canceled_already_is_not_canceled_again(
    client, pg_engine, gateway: Gateway
) -> None:
    person = subscriber(client, pg_engine, gateway, "canceled")

    assert client.simulate_delete("/auth/user/", headers=person).status_code == 204

    assert gateway.fake.received == []


def test_while_the_gateway_is_down_the_account_stays_whole(
    client, pg_engine, gateway: Gateway
) -> None:
    person = subscriber(client, pg_engine, gateway)
    gateway.fake.outage = True

    refused = client.simulate_delete("/auth/user/", headers=person)

    assert_problem(refused, 503)
    assert client.simulate_get("/auth/user/", headers=person).status_code == 200
    gateway.fake.outage = False
    assert client.simulate_delete("/auth/user/", headers=person).status_code == 204
    assert subscription_status(gateway) == "canceled"
