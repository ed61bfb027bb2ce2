"""`cvimprover serve` warns, before it starts the API, of each paid plan the selling
gateway (here Stripe's fake, through its SDK) sells at no interval."""

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine
from structlog.testing import capture_logs

from cvimprover.config import Settings
from cvimprover.serve_command import _warn_of_unsold_plans
from tests.support import stripe_fake
from tests.support.fixtures import make_settings
from tests.support.stripe_fake import FakeStripe

pytestmark = pytest.mark.integration


@pytest.fixture
def stripe(httpserver: HTTPServer) -> FakeStripe:
    return FakeStripe(httpserver)


def stripe_settings(
    tmp_path: Path, postgres_url: str, stripe: FakeStripe, **more: str | None
) -> Settings:
    values = {
        "database_url": postgres_url,
        "payment_gateway": "stripe",
        "stripe_api_key": stripe_fake.API_KEY,
        "stripe_webhook_secret": stripe_fake.WEBHOOK_SECRET,
        "stripe_base_url": stripe.base_url,
    }
    return make_settings(tmp_path, **(values | more))


def test_serve_warns_of_each_paid_plan_stripe_does_not_sell(
    tmp_path: Path, postgres_url: str, pg_engine: Engine, stripe: FakeStripe
) -> None:
    stripe.add_price("price_basic_m", 500, lookup_key="cvimprover_basic_monthly")
    stripe.add_price("price_pro_y", 15000, "year", lookup_key="cvimprover_pro_yearly")

    with capture_logs() as logs:
        _warn_of_unsold_plans(stripe_settings(tmp_path, postgres_url, stripe))

    warnings = [entry for entry in logs if entry["log_level"] == "warning"]
    assert [(entry["event"], entry["gateway"]) for entry in warnings] == [
        ("plan not for sale", "stripe")
    ]
    assert warnings[0]["detail"].startswith("Plan 'Premium' has no monthly price on stripe")
    assert stripe.calls("GET", "/v1/prices") == 1


def test_serve_starts_anyway_when_the_prices_cannot_be_checked(
    tmp_path: Path, postgres_url: str, pg_engine: Engine, stripe: FakeStripe
) -> None:
    settings = stripe_settings(tmp_path, postgres_url, stripe, stripe_api_key=None)

    with capture_logs() as logs:
        _warn_of_unsold_plans(settings)

    assert [entry["event"] for entry in logs] == ["plan prices not checked"]
    assert "STRIPE_API_KEY" in logs[0]["error"]
