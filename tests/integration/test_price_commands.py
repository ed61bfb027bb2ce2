"""`cvimprover prices list|set|check` on the real database, `check` asking Stripe (its
official SDK, against a local fake) about every plan's prices."""

from collections.abc import Callable, Iterator

import pytest
from click.testing import Result
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from cvimprover.cli import app
from cvimprover.config import Settings
from tests.support import stripe_fake
from tests.support.fixtures import TEST_SECRET
from tests.support.stripe_fake import FakeStripe

pytestmark = pytest.mark.integration
Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def plan_prices_kept(pg_engine: Engine) -> Iterator[None]:
    """Each test starts from the seeded prices (the sandbox's) and leaves them so."""
    with pg_engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM plan_prices")).mappings().all()
    yield
    with pg_engine.begin() as connection:
        connection.execute(text("DELETE FROM plan_prices"))
        for row in rows:
            connection.execute(
                text(
                    "INSERT INTO plan_prices (id, plan_id, gateway, interval, price_id) "
                    "VALUES (:id, :plan_id, :gateway, :interval, :price_id)"
                ),
                dict(row),
            )


@pytest.fixture
def stripe(httpserver: HTTPServer) -> FakeStripe:
    return FakeStripe(httpserver)


@pytest.fixture
def cli(settings: Settings, stripe: FakeStripe) -> Cli:
    base = {
        "DATABASE_URL": settings.resolved_database_url,
        "DATA_DIR": str(settings.data_dir),
        "JWT_SECRET": TEST_SECRET,
        "PAYMENT_GATEWAY": "stripe",
        "STRIPE_API_KEY": stripe_fake.API_KEY,
        "STRIPE_WEBHOOK_SECRET": stripe_fake.WEBHOOK_SECRET,
        "STRIPE_BASE_URL": stripe.base_url,
    }

    def run(*args: str, **env: str | None) -> Result:
        return CliRunner().invoke(app, ["prices", *args], env=base | env)

    return run


def lines(result: Result) -> list[list[str]]:
    return [line.split("\t") for line in result.output.splitlines()]


def stored(pg_engine: Engine, gateway: str) -> set[tuple[str, str, str]]:
    with pg_engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT plans.name, interval, price_id FROM plan_prices "
                "JOIN plans ON plans.id = plan_id WHERE gateway = :gateway"
            ),
            {"gateway": gateway},
        )
        return {tuple(row) for row in rows}


def test_list_shows_stored_prices_and_the_lookup_keys_of_the_others(cli: Cli) -> None:
    result = cli("list", PAYMENT_GATEWAY="sandbox")

    assert result.exit_code == 0, result.output
    shown = lines(result)
    assert ["Free", "-", "-", "not sold"] in shown
    assert [
        "Basic",
        "monthly",
        "sandbox",
        "sandbox_basic_monthly",
        "stored in plan_prices",
    ] in shown
    assert [
        "Premium",
        "yearly",
        "stripe",
        "cvimprover_premium_yearly",
        "lookup key (no price stored)",
    ] in shown
    assert [
        "Pro",
        "monthly",
        "paddle",
        "cvimprover_pro_monthly",
        "lookup key (no price stored)",
    ] in shown
    assert [row[0] for row in shown if row[2] == "sandbox"] == ["Basic"] * 2 + ["Pro"] * 2 + [
        "Premium"
    ] * 2


def test_set_stores_a_price_on_the_selling_gateway_and_replaces_it_later(
    cli: Cli, pg_engine: Engine
) -> None:
    first = cli("set", "basic", "monthly", "price_1Basic")
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "Basic monthly on stripe: no price stored -> price_1Basic"

    second = cli("set", "Basic", "monthly", "price_2Basic")
    assert second.output.strip() == "Basic monthly on stripe: price_1Basic -> price_2Basic"
    assert stored(pg_engine, "stripe") == {("Basic", "monthly", "price_2Basic")}
    assert ["Basic", "monthly", "stripe", "price_2Basic", "stored in plan_prices"] in lines(
        cli("list")
    )


def test_set_takes_another_gateway_by_option(cli: Cli, pg_engine: Engine) -> None:
    result = cli("set", "pro", "yearly", "pri_01proyearly", "--gateway", "paddle")
    assert result.exit_code == 0, result.output
    assert stored(pg_engine, "paddle") == {("Pro", "yearly", "pri_01proyearly")}
    assert stored(pg_engine, "stripe") == set()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("platinum", "monthly", "price_1"), "No plan is named 'platinum'; the plans are: Free"),
        (("basic", "monthly", "price_1", "--gateway", "paypal"), "No gateway is named 'paypal'"),
        (("basic", "monthly", "price 1"), "'price 1' is no price id"),
        (("basic", "monthly", ""), "'' is no price id"),
    ],
)
def test_set_refuses_what_names_nothing(
    cli: Cli, pg_engine: Engine, args: tuple[str, ...], message: str
) -> None:
    result = cli("set", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert stored(pg_engine, "stripe") == set()


def test_set_refuses_an_interval_other_than_monthly_or_yearly(cli: Cli) -> None:
    result = cli("set", "basic", "weekly", "price_1")
    assert result.exit_code == 2
    assert "weekly" in result.output


def test_set_refuses_a_price_that_already_bills_another_plan(cli: Cli, pg_engine: Engine) -> None:
    assert cli("set", "basic", "monthly", "price_shared").exit_code == 0
    result = cli("set", "pro", "monthly", "price_shared")
    assert result.exit_code == 1
    assert "price_shared already bills the Basic plan monthly on stripe" in result.output
    assert stored(pg_engine, "stripe") == {("Basic", "monthly", "price_shared")}


def sell_every_plan(stripe: FakeStripe) -> None:
    for plan, amount in (("basic", 500), ("pro", 1500), ("premium", 4900)):
        stripe.add_price(f"price_{plan}_m", amount, lookup_key=f"cvimprover_{plan}_monthly")
        stripe.add_price(
            f"price_{plan}_y", amount * 10, "year", lookup_key=f"cvimprover_{plan}_yearly"
        )


def test_check_passes_when_stripe_sells_every_plan_as_it_says(cli: Cli, stripe: FakeStripe) -> None:
    sell_every_plan(stripe)
    stripe.add_price("price_basic_stored", 600)
    assert cli("set", "basic", "monthly", "price_basic_stored").exit_code == 0

    result = cli("check")

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Free: ok: not sold (the free plan)",
        "Basic: ok: monthly price_basic_stored (6.00 USD, plan_prices); "
        "yearly price_basic_y (50.00 USD, cvimprover_basic_yearly)",
        "Pro: ok: monthly price_pro_m (15.00 USD, cvimprover_pro_monthly); "
        "yearly price_pro_y (150.00 USD, cvimprover_pro_yearly)",
        "Premium: ok: monthly price_premium_m (49.00 USD, cvimprover_premium_monthly); "
        "yearly price_premium_y (490.00 USD, cvimprover_premium_yearly)",
    ]


def test_check_names_each_plans_problems_and_exits_1(cli: Cli, stripe: FakeStripe) -> None:
    stripe.add_price("price_archived", 500, active=False)
    stripe.add_price("price_quarterly", 1500, interval_count=3)
    stripe.add_price("price_eur", 15000, "year", currency="eur")
    stripe.add_price("price_basic_y", 5000, "month", lookup_key="cvimprover_basic_yearly")
    for plan, interval, price in (
        ("basic", "monthly", "price_archived"),
        ("pro", "monthly", "price_quarterly"),
        ("pro", "yearly", "price_eur"),
    ):
        assert cli("set", plan, interval, price).exit_code == 0
    stripe.add_price("price_premium_m", 4900, lookup_key="cvimprover_premium_monthly")

    result = cli("check")

    assert result.exit_code == 1
    by_plan = dict(line.split(": ", 1) for line in result.output.splitlines())
    assert by_plan["Basic"] == (
        "PROBLEM: monthly: price_archived (stored in plan_prices) is archived on stripe; "
        "yearly: lookup key cvimprover_basic_yearly names price_basic_y, which is billed "
        "monthly, not yearly"
    )
    assert by_plan["Pro"] == (
        "PROBLEM: monthly: price_quarterly (stored in plan_prices) is billed every 3 months, "
        "not monthly; yearly: price_eur is in EUR, the other prices in USD"
    )
    assert by_plan["Premium"] == (
        "ok: monthly price_premium_m (49.00 USD, cvimprover_premium_monthly)"
    )


def test_check_says_how_to_sell_a_plan_sold_at_no_interval(cli: Cli, stripe: FakeStripe) -> None:
    sell_every_plan(stripe)
    del stripe.prices["price_pro_m"], stripe.prices["price_pro_y"]
    assert cli("set", "premium", "yearly", "price_gone").exit_code == 0

    result = cli("check")

    assert result.exit_code == 1
    by_plan = dict(line.split(": ", 1) for line in result.output.splitlines())
    assert by_plan["Pro"] == (
        "PROBLEM: Plan 'Pro' has no monthly price on stripe: set one with "
        "`cvimprover prices set pro monthly price_...` or create a Stripe price with "
        "lookup_key cvimprover_pro_monthly."
    )
    assert by_plan["Premium"].startswith("PROBLEM: yearly: stripe knows no price price_gone")


def test_check_fails_in_one_line_while_stripe_is_down(cli: Cli, stripe: FakeStripe) -> None:
    stripe.outage = True
    result = cli("check")
    assert result.exit_code == 1
    assert result.output.strip() == "error: Stripe is unavailable: APIError"


def test_check_without_the_gateways_key_says_which_setting_is_missing(cli: Cli) -> None:
    result = cli("check", STRIPE_API_KEY=None)
    assert result.exit_code == 1
    assert "STRIPE_API_KEY" in result.output
    assert "Traceback" not in result.output


def test_check_on_the_sandbox_passes_with_its_seeded_prices(cli: Cli) -> None:
    result = cli("check", PAYMENT_GATEWAY="sandbox")
    assert result.exit_code == 0, result.output
    assert "Basic: ok: monthly sandbox_basic_monthly (5.00 USD, plan_prices)" in result.output
