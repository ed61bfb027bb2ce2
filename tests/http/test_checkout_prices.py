"""Checkout on Stripe (the official SDK, against a local fake) when no price is stored in
`plan_prices`: a plan is sold at the price its lookup key names, and a paid plan with
neither answers a problem that tells the operator what to do."""

from pathlib import Path

import pytest
from falcon import testing
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine

from cvimprover.config import Settings
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.support import stripe_fake
from tests.support.fixtures import make_settings
from tests.support.stripe_fake import FakeStripe

URL = "/core/payments/create-checkout-session/"


@pytest.fixture
def stripe(httpserver: HTTPServer) -> FakeStripe:
    return FakeStripe(httpserver)


@pytest.fixture
def settings(tmp_path: Path, postgres_url: str, pg_engine: Engine, stripe: FakeStripe) -> Settings:
    return make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        payment_gateway="stripe",
        stripe_api_key=stripe_fake.API_KEY,
        stripe_webhook_secret=stripe_fake.WEBHOOK_SECRET,
        stripe_base_url=stripe.base_url,
    )


@pytest.fixture
def alice(client: testing.TestClient) -> dict[str, str]:
    return bearer(sign_up(client)["access"])


def plan_id(client: testing.TestClient, name: str) -> int:
    plans = client.simulate_get("/core/plans/").json
    return int(next(plan["id"] for plan in plans if plan["name"] == name))


def test_a_paid_plan_without_a_price_says_how_to_give_it_one(client, alice) -> None:
    answer = client.simulate_post(
        URL, headers=alice, json={"plan_id": plan_id(client, "Basic"), "billing": "monthly"}
    )

    problem = assert_problem(answer, 409)
    assert problem["detail"] == (
        "Plan 'Basic' has no monthly price on stripe: set one with "
        "`cvimprover prices set basic monthly price_...` or create a Stripe price with "
        "lookup_key cvimprover_basic_monthly."
    )
    assert problem["errors"] == {"billing": ["The Basic plan cannot be bought monthly yet."]}


def test_a_plan_is_sold_at_the_price_its_lookup_key_names(client, alice, stripe) -> None:
    stripe.add_price("price_1Basic", 700, lookup_key="cvimprover_basic_monthly", currency="eur")
    basic = plan_id(client, "Basic")

    answer = client.simulate_post(URL, headers=alice, json={"plan_id": basic, "billing": "monthly"})

    assert answer.status_code == 200, answer.text
    assert stripe.last("/v1/checkout/sessions").form["line_items[0][price]"] == "price_1Basic"
    listed = client.simulate_get("/core/plans/", params={"billing": "monthly"}).json
    assert [plan["name"] for plan in listed] == ["Basic"]
    assert listed[0]["monthly_price"] == {
        "amount": 7.0,
        "currency": "EUR",
        "interval": "month",
        "available": True,
    }


def test_while_stripe_cannot_say_which_price_sells_a_plan_checkout_answers_503(
    client, alice, stripe
) -> None:
    stripe.outage = True
    answer = client.simulate_post(
        URL, headers=alice, json={"plan_id": plan_id(client, "Pro"), "billing": "yearly"}
    )
    assert "try again" in assert_problem(answer, 503)["detail"]


def test_the_free_plan_is_still_not_for_sale(client, alice) -> None:
    answer = client.simulate_post(
        URL, headers=alice, json={"plan_id": plan_id(client, "Free"), "billing": "monthly"}
    )
    assert "billing" in assert_problem(answer, 422)["errors"]


def test_the_schema_declares_the_409_of_a_plan_without_a_price(client) -> None:
    checkout = client.simulate_get("/schema/").json["paths"][URL]["post"]
    assert "409" in checkout["responses"]
