"""The plan list with the Stripe gateway, whose API is a local fake (the official SDK talks
to it): prices are cached, and an outage still lists the plans, prices marked unavailable.
A webhook whose effect cannot be applied answers 5xx, so the gateway delivers it again, and a
quota store that is down answers 503."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
from falcon import testing
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, text

from cvimprover.adapters.payments.sandbox_gateway import SandboxPaymentGateway
from cvimprover.config import Settings
from cvimprover.container import build_container
from cvimprover.core.billing.model import BillingInterval
from cvimprover.ports.payments import CheckoutRequest
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.support.fixtures import TEST_SECRET, make_settings

BASIC_MONTHLY = {
    "id": "price_basic_monthly",
    "object": "price",
    "active": True,
    "currency": "eur",
    "unit_amount": 900,
    "recurring": {"interval": "month", "interval_count": 1},
    "type": "recurring",
}


@pytest.fixture
def stripe_prices(pg_engine: Engine) -> Iterator[None]:
    with pg_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO plan_prices (plan_id, gateway, interval, price_id) "
                "SELECT id, 'stripe', 'monthly', 'price_basic_monthly' FROM plans "
                "WHERE name = 'Basic'"
            )
        )
    yield
    with pg_engine.begin() as connection:
        connection.execute(text("DELETE FROM plan_prices WHERE gateway = 'stripe'"))


@pytest.fixture
def settings(
    tmp_path: Path, postgres_url: str, pg_engine: Engine, httpserver: HTTPServer, stripe_prices
) -> Settings:
    return make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        payment_gateway="stripe",
        stripe_api_key="sk_test_fake",
        stripe_webhook_secret="whsec_fake",
        stripe_base_url=httpserver.url_for("").rstrip("/"),
    )


def listed_basic(client: testing.TestClient) -> dict:
    plans = client.simulate_get("/core/plans/").json
    return next(plan for plan in plans if plan["name"] == "Basic")


def test_prices_come_from_the_gateway_and_are_kept_for_a_while(client, httpserver) -> None:
    httpserver.expect_request("/v1/prices/price_basic_monthly").respond_with_json(BASIC_MONTHLY)
    no_price = {"object": "list", "url": "/v1/prices", "has_more": False, "data": []}
    httpserver.expect_request("/v1/prices").respond_with_json(no_price)  # by lookup key
    first, second = listed_basic(client), listed_basic(client)
    assert first["monthly_price"] == {
        "amount": 9.0,
        "currency": "EUR",
        "interval": "month",
        "available": True,
    }
    assert first["yearly_price"] is None
    assert second == first
    assert [request.path for request, _ in httpserver.log] == [
        "/v1/prices",
        "/v1/prices/price_basic_monthly",
    ]


def test_a_gateway_outage_still_lists_the_plans_with_prices_unavailable(client, httpserver) -> None:
    error = {"error": {"type": "api_error", "message": "Something went wrong on Stripe's end."}}
    httpserver.expect_request("/v1/prices/price_basic_monthly").respond_with_json(error, status=500)
    answer = client.simulate_get("/core/plans/")
    assert answer.status_code == 200
    assert [plan["name"] for plan in answer.json] == ["Free", "Basic", "Pro", "Premium"]
    basic = next(plan for plan in answer.json if plan["name"] == "Basic")
    assert basic["monthly_price"] == {
        "amount": None,
        "currency": None,
        "interval": "month",
        "available": False,
    }


def test_the_sandbox_pages_exist_only_with_the_sandbox_gateway(client) -> None:
    page = client.simulate_get("/core/payments/sandbox/checkout/", params={"session_id": "x"})
    assert_problem(page, 404)


def test_a_webhook_that_cannot_be_applied_answers_5xx_so_it_is_delivered_again(
    tmp_path: Path,
) -> None:
    settings = make_settings(
        tmp_path, database_url="postgresql+psycopg://nobody@127.0.0.1:1/nothing"
    )
    client = testing.TestClient(build_container(settings).http.app())
    session = SandboxPaymentGateway(TEST_SECRET.encode(), "http://x", _Now()).start_checkout(
        CheckoutRequest(
            user_id=1,
            email="a@example.com",
            customer_id=None,
            plan_id=2,
            price_id="sandbox_basic_monthly",
            interval=BillingInterval.MONTHLY,
            success_url="http://x/ok",
            cancel_url="http://x/no",
        )
    )
    answer = client.simulate_post(
        "/core/payments/webhook/sandbox/",
        body=urlencode({"action": "complete", "session_id": session.session_id}),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code >= 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in answer.text
    assert "psycopg" not in answer.text


class _Now:
    def now(self) -> datetime:
        return datetime.now(UTC)


def test_while_the_quota_store_is_down_signed_in_requests_answer_503(
    tmp_path: Path, postgres_url: str, pg_engine: Engine
) -> None:
    settings = make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        quota_storage_url="redis://127.0.0.1:1/0",
    )
    client = testing.TestClient(build_container(settings).http.app())
    alice = bearer(sign_up(client)["access"])
    assert_problem(client.simulate_get("/auth/user/", headers=alice), 503)
    assert client.simulate_get("/core/plans/").status_code == 200
