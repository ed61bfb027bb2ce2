"""Which price sells a plan, on the sandbox gateway over in-memory stores: the stored
one, never a lookup key (the sandbox has none), and for a plan without one a checkout
refused with what the operator can do."""

import pytest

from cvimprover.adapters.payments.sandbox_gateway import SandboxPaymentGateway
from cvimprover.adapters.payments.sandbox_price_directory import SandboxPriceDirectory
from cvimprover.core.billing.commands import NewCheckout
from cvimprover.core.billing.lookup_keys import lookup_key
from cvimprover.core.billing.model import BillingInterval, Plan
from cvimprover.core.billing.price_book import PriceBook, PriceSource
from cvimprover.core.billing.use_cases.find_unsold_plans import FindUnsoldPlans
from cvimprover.core.billing.use_cases.start_checkout import BillingLinks, StartCheckout
from cvimprover.core.errors import Conflict
from tests.unit.billing_fakes import Billing

MONTHLY, YEARLY = BillingInterval.MONTHLY, BillingInterval.YEARLY
LINKS = BillingLinks(success="https://app.test/ok", cancel="https://app.test/no", portal_return="")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Basic", "cvimprover_basic_monthly"),
        ("Pro Team", "cvimprover_pro_team_monthly"),
        ("  Ünïcorn+ 2 ", "cvimprover_n_corn_2_monthly"),
    ],
)
def test_a_lookup_key_is_the_plans_name_in_lower_case_and_the_interval(name: str, key: str) -> None:
    assert lookup_key(name, MONTHLY) == key


@pytest.fixture
def billing() -> Billing:
    billing = Billing(gateway="sandbox")
    with billing.uow() as uow:
        uow.plans.add(Plan(name="Team", order=40))
        uow.commit()
    return billing


@pytest.fixture
def book(billing: Billing) -> PriceBook:
    return PriceBook(SandboxPriceDirectory(), billing.clock)


def test_stored_prices_sell_the_seeded_plans_and_free_is_not_for_sale(
    billing: Billing, book: PriceBook
) -> None:
    with billing.uow() as uow:
        selling = book.selling(uow.plans.list(), uow.plans.prices_of("sandbox"))
    sold = {(p.plan.name, p.interval.value): (p.price_id, p.source) for p in selling}
    assert sold[("Pro", "yearly")] == ("sandbox_pro_yearly", PriceSource.STORED)
    assert sold[("Team", "monthly")] == (None, None)
    assert not any(plan == "Free" for plan, _ in sold)


def test_a_checkout_of_a_plan_without_a_price_tells_the_operator_what_to_do(
    billing: Billing, book: PriceBook
) -> None:
    gateway = SandboxPaymentGateway(b"secret", "https://api.test", billing.clock)
    start = StartCheckout(billing.uow, gateway, LINKS, book)
    team = max(billing.store.state.plans)  # the plan added last

    with pytest.raises(Conflict) as refused:
        start.execute(NewCheckout(1, team, YEARLY))

    assert refused.value.detail.startswith(
        "Plan 'Team' has no yearly price on sandbox: set one with "
        "`cvimprover prices set team yearly sandbox_<plan>_<interval>` or use one of the "
        "sandbox's built-in prices: sandbox_basic_monthly, "
    )
    assert refused.value.errors == {"billing": ["The Team plan cannot be bought yearly yet."]}


def test_the_plans_sold_at_no_interval_are_found_for_the_start_up_warning(
    billing: Billing, book: PriceBook
) -> None:
    unsold = FindUnsoldPlans(billing.uow, book).execute()
    assert len(unsold) == 1
    assert unsold[0].startswith("Plan 'Team' has no monthly price on sandbox")
