"""Prices found by lookup key and described by id, through the official Stripe and Paddle
SDKs against local fakes that speak their wire formats; and the price book's cache of
lookup keys, counted in the requests the fakes answer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from pytest_httpserver import HTTPServer

from cvimprover.adapters.payments.paddle_price_directory import PaddlePriceDirectory
from cvimprover.adapters.payments.stripe_price_directory import StripePriceDirectory
from cvimprover.core.billing.model import BillingInterval, Plan, PlanPrice
from cvimprover.core.billing.price_book import PriceBook, PriceSource
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.price_directory import ListedPrice
from tests.support import paddle_fake, stripe_fake
from tests.support.paddle_fake import FakePaddle
from tests.support.stripe_fake import FakeStripe
from tests.unit.fakes import FakeClock

pytestmark = pytest.mark.integration
MONTHLY, YEARLY = BillingInterval.MONTHLY, BillingInterval.YEARLY
BASIC, PRO = Plan(name="Basic", id=2), Plan(name="Pro", id=3)


@pytest.fixture
def stripe(httpserver: HTTPServer) -> FakeStripe:
    return FakeStripe(httpserver)


@pytest.fixture
def stripe_prices(stripe: FakeStripe) -> StripePriceDirectory:
    return StripePriceDirectory(stripe_fake.API_KEY, base_url=stripe.base_url, max_retries=0)


@pytest.fixture
def paddle(httpserver: HTTPServer) -> FakePaddle:
    return FakePaddle(httpserver)


@pytest.fixture
def paddle_prices(paddle: FakePaddle) -> PaddlePriceDirectory:
    return PaddlePriceDirectory(paddle_fake.API_KEY, base_url=paddle.base_url, max_retries=0)


def keyed(key: str) -> dict[str, str]:
    return {"lookup_key": key}


# ---------------------------------------------------------------- Stripe


def test_stripe_finds_the_active_price_each_lookup_key_names(
    stripe: FakeStripe, stripe_prices: StripePriceDirectory
) -> None:
    stripe.add_price("price_old", 400, lookup_key="cvimprover_basic_monthly", active=False)
    stripe.add_price("price_b1", 500, lookup_key="cvimprover_basic_monthly")
    stripe.add_price("price_b12", 5000, "year", lookup_key="cvimprover_basic_yearly")
    stripe.add_price("price_other", 900)

    found = stripe_prices.find(
        ["cvimprover_basic_monthly", "cvimprover_basic_yearly", "cvimprover_pro_monthly"]
    )

    assert found == {
        "cvimprover_basic_monthly": ListedPrice(
            "price_b1", True, MONTHLY, "monthly", Decimal("5.00"), "USD", "cvimprover_basic_monthly"
        ),
        "cvimprover_basic_yearly": ListedPrice(
            "price_b12", True, YEARLY, "yearly", Decimal("50.00"), "USD", "cvimprover_basic_yearly"
        ),
    }
    request = stripe.last("/v1/prices")
    assert request.authorization == f"Bearer {stripe_fake.API_KEY}"
    assert request.query["active"] == "true"
    assert request.query["lookup_keys[0]"] == "cvimprover_basic_monthly"


def test_stripe_is_asked_ten_lookup_keys_at_a_time(
    stripe: FakeStripe, stripe_prices: StripePriceDirectory
) -> None:
    keys = [f"cvimprover_plan{n}_monthly" for n in range(12)]
    stripe.add_price("price_11", 100, lookup_key=keys[11])

    assert set(stripe_prices.find(keys)) == {keys[11]}
    assert stripe.calls("GET", "/v1/prices") == 2


def test_stripe_describes_archived_and_odd_prices_and_leaves_unknown_ones_out(
    stripe: FakeStripe, stripe_prices: StripePriceDirectory
) -> None:
    stripe.add_price("price_archived", 500, active=False)
    stripe.add_price("price_quarterly", 1200, interval_count=3)
    stripe.add_price("price_once", 900, None)
    stripe.add_price("price_tiered", None, currency="eur")

    described = stripe_prices.describe(
        ["price_archived", "price_quarterly", "price_once", "price_tiered", "price_gone"]
    )

    assert set(described) == {"price_archived", "price_quarterly", "price_once", "price_tiered"}
    assert not described["price_archived"].active
    assert (described["price_quarterly"].interval, described["price_quarterly"].billing) == (
        None,
        "every 3 months",
    )
    assert described["price_once"].billing == "once"
    assert (described["price_tiered"].amount, described["price_tiered"].currency) == (None, "EUR")


def test_a_stripe_outage_is_a_dependency_unavailable(
    stripe: FakeStripe, stripe_prices: StripePriceDirectory
) -> None:
    stripe.outage = True
    with pytest.raises(DependencyUnavailable, match="Stripe is unavailable"):
        stripe_prices.find(["cvimprover_basic_monthly"])
    with pytest.raises(DependencyUnavailable):
        stripe_prices.describe(["price_b1"])


# ---------------------------------------------------------------- Paddle


def test_paddle_finds_lookup_keys_in_the_custom_data_of_active_prices_page_after_page(
    paddle: FakePaddle, paddle_prices: PaddlePriceDirectory
) -> None:
    paddle.page_size = 2
    paddle.add_price("pri_01a", "700", custom_data={"team": "x"})
    paddle.add_price(
        "pri_01b", "400", custom_data=keyed("cvimprover_pro_monthly"), status="archived"
    )
    paddle.add_price("pri_01c", "500")
    paddle.add_price("pri_01d", "900", custom_data=keyed("cvimprover_pro_monthly"))
    paddle.add_price("pri_01e", "9000", "year", custom_data=keyed("cvimprover_pro_yearly"))

    found = paddle_prices.find(["cvimprover_pro_monthly", "cvimprover_pro_yearly", "nope"])

    assert found == {
        "cvimprover_pro_monthly": ListedPrice(
            "pri_01d", True, MONTHLY, "monthly", Decimal("9.00"), "USD", "cvimprover_pro_monthly"
        ),
        "cvimprover_pro_yearly": ListedPrice(
            "pri_01e", True, YEARLY, "yearly", Decimal("90.00"), "USD", "cvimprover_pro_yearly"
        ),
    }
    assert paddle.calls("GET", "/prices") == 2  # four active prices, two a page
    assert paddle.received[0].query["status"] == "active"


def test_paddle_describes_archived_and_odd_prices_and_leaves_unknown_ones_out(
    paddle: FakePaddle, paddle_prices: PaddlePriceDirectory
) -> None:
    paddle.add_price("pri_01archived", "500", status="archived")
    paddle.add_price("pri_01fortnight", "300", "week", frequency=2)
    paddle.add_price("pri_01once", "900", None)

    described = paddle_prices.describe(
        ["pri_01archived", "pri_01fortnight", "pri_01once", "pri_01gone"]
    )

    assert set(described) == {"pri_01archived", "pri_01fortnight", "pri_01once"}
    assert not described["pri_01archived"].active
    assert described["pri_01fortnight"].billing == "every 2 weeks"
    assert described["pri_01fortnight"].interval is None
    assert described["pri_01once"].billing == "once"


def test_a_paddle_outage_is_a_dependency_unavailable(
    paddle: FakePaddle, paddle_prices: PaddlePriceDirectory
) -> None:
    paddle.outage = True
    with pytest.raises(DependencyUnavailable, match="Paddle"):
        paddle_prices.find(["cvimprover_pro_monthly"])


# ---------------------------------------------------------------- the price book's cache


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def book(stripe_prices: StripePriceDirectory, clock: FakeClock) -> PriceBook:
    return PriceBook(
        stripe_prices, clock, ttl=timedelta(hours=1), retry_after=timedelta(seconds=30)
    )


def sold(book: PriceBook, stored: list[PlanPrice] | None = None) -> dict[tuple[str, str], str]:
    return {
        (price.plan.name, price.interval.value): f"{price.price_id} ({price.source})"
        for price in book.selling([BASIC, PRO], stored or [])
        if price.price_id is not None
    }


def test_a_stored_price_wins_and_only_the_other_keys_are_asked_for(
    stripe: FakeStripe, book: PriceBook
) -> None:
    stripe.add_price("price_b1", 500, lookup_key="cvimprover_basic_monthly")
    stored = [PlanPrice(plan_id=2, gateway="stripe", interval=MONTHLY, price_id="price_mine")]

    assert sold(book, stored) == {("Basic", "monthly"): "price_mine (plan_prices)"}
    asked = {value for name, value in stripe.last("/v1/prices").query.items() if "lookup" in name}
    assert asked == {"cvimprover_basic_yearly", "cvimprover_pro_monthly", "cvimprover_pro_yearly"}


def test_found_prices_are_kept_for_the_ttl_and_asked_again_after_it(
    stripe: FakeStripe, book: PriceBook, clock: FakeClock
) -> None:
    stripe.add_price("price_b1", 500, lookup_key="cvimprover_basic_monthly")
    stripe.add_price("price_b12", 5000, "year", lookup_key="cvimprover_basic_yearly")
    stripe.add_price("price_p1", 1500, lookup_key="cvimprover_pro_monthly")
    stripe.add_price("price_p12", 15000, "year", lookup_key="cvimprover_pro_yearly")

    first = sold(book)
    clock.advance(timedelta(minutes=59))
    assert sold(book) == first
    assert stripe.calls("GET", "/v1/prices") == 1

    stripe.add_price("price_b1_new", 600, lookup_key="cvimprover_basic_monthly")
    clock.advance(timedelta(minutes=2))
    assert sold(book)[("Basic", "monthly")] == "price_b1_new (lookup key)"
    assert stripe.calls("GET", "/v1/prices") == 2


def test_a_key_that_names_no_price_is_asked_again_soon_so_a_new_price_sells(
    stripe: FakeStripe, book: PriceBook, clock: FakeClock
) -> None:
    stripe.add_price("price_b1", 500, lookup_key="cvimprover_basic_monthly")
    assert ("Pro", "monthly") not in sold(book)
    stripe.add_price("price_p1", 1500, lookup_key="cvimprover_pro_monthly")

    clock.advance(timedelta(seconds=10))
    assert ("Pro", "monthly") not in sold(book)  # a miss is not asked again at once
    assert stripe.calls("GET", "/v1/prices") == 1
    clock.advance(timedelta(seconds=25))
    assert sold(book)[("Pro", "monthly")] == "price_p1 (lookup key)"
    assert stripe.calls("GET", "/v1/prices") == 2
    asked = [name for name in stripe.last("/v1/prices").query if "lookup" in name]
    assert len(asked) == 3  # the misses only: Basic monthly was still fresh


def test_while_the_gateway_is_down_the_last_answers_are_kept(
    stripe: FakeStripe, book: PriceBook, clock: FakeClock
) -> None:
    stripe.add_price("price_b1", 500, lookup_key="cvimprover_basic_monthly")
    before = sold(book)
    stripe.outage = True
    clock.advance(timedelta(hours=2))

    assert sold(book) == before
    unknown = [price for price in book.selling([BASIC, PRO], []) if not price.known]
    assert unknown == []  # answered once: a miss stays a miss
    with pytest.raises(DependencyUnavailable):
        book.selling([BASIC], [], fresh=True)


def test_a_key_never_answered_is_unknown_not_unsold(stripe: FakeStripe, book: PriceBook) -> None:
    stripe.outage = True
    selling = book.selling([BASIC], [])
    assert [(price.price_id, price.known) for price in selling] == [(None, False), (None, False)]


def test_a_price_under_a_monthly_key_that_bills_yearly_is_not_sold(
    stripe: FakeStripe, book: PriceBook
) -> None:
    stripe.add_price("price_wrong", 5000, "year", lookup_key="cvimprover_basic_monthly")
    monthly = book.selling([BASIC], [])[0]
    assert (monthly.price_id, monthly.source) == (None, None)
    assert monthly.listed is not None
    assert monthly.listed.price_id == "price_wrong"
    assert PriceSource.LOOKUP_KEY not in {price.source for price in book.selling([BASIC], [])}
