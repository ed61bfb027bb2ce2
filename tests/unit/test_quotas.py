"""Plan quotas, usage reports and the price catalogue, on in-memory fakes."""

import itertools
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from cvimprover.core.billing.model import FREE_PLAN_NAME, BillingInterval, Plan, Price
from cvimprover.core.billing.prices import PriceCatalogue
from cvimprover.core.billing.quotas import QuotaScope
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.billing.use_cases.get_usage import GetUsage
from cvimprover.core.errors import DependencyUnavailable, QuotaExceeded
from cvimprover.core.users.model import User
from cvimprover.ports.quotas import QuotaCounter
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory, InMemoryStore

AI, QUESTIONNAIRES = QuotaScope.AI_RESPONSES, QuotaScope.QUESTIONNAIRES
GRACE = timedelta(days=7)


class CountingQuotaCounter(QuotaCounter):
    """Counts per key, forever: the windows are in the keys."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def take(self, key: str, limit: int, expires_at: datetime) -> int | None:
        if self.used.get(key, 0) >= limit:
            return None
        self.used[key] = self.used.get(key, 0) + 1
        return self.used[key]

    def give_back(self, key: str) -> None:
        self.used[key] = max(0, self.used.get(key, 0) - 1)

    def counts(self, keys: Sequence[str]) -> list[int]:
        return [self.used.get(key, 0) for key in keys]

    def reset(self, key: str) -> None:
        self.used.pop(key, None)


class Billing:
    def __init__(self) -> None:
        self.uow = FakeUnitOfWorkFactory(InMemoryStore())
        self._people = itertools.count(1)
        self.clock = FakeClock(datetime(2025, 3, 14, 18, 30, tzinfo=UTC))
        self.quotas = Quotas(
            self.uow, CountingQuotaCounter(), self.clock, grace=GRACE, upgrade_url="/plans/"
        )
        with self.uow() as unit:
            for name, order, ai in ((FREE_PLAN_NAME, 0, 3), ("Basic", 10, 20), ("Pro", 20, 100)):
                unit.plans.add(Plan(name=name, order=order, ai_improvements_per_day=ai))
            unit.commit()

    def person(self, plan: str | None = None, **fields: object) -> int:
        with self.uow() as unit:
            plan_id = unit.plans.get_by_name(plan).id if plan else None  # type: ignore[union-attr]
            number = next(self._people)
            user = User(
                username=f"person{number}",
                email=f"person{number}@example.com",
                password_hash="x",
                date_joined=self.clock.now(),
                plan_id=plan_id,
                **fields,  # type: ignore[arg-type]
            )
            unit.users.add(user)
            unit.commit()
            assert user.id is not None
            return user.id


@pytest.fixture
def billing() -> Billing:
    return Billing()


def test_uses_are_taken_up_to_the_plan_limit_then_refused_with_the_next_plan(billing) -> None:
    alice = billing.person()
    uses = [billing.quotas.take(alice, AI).used for _ in range(3)]
    with pytest.raises(QuotaExceeded) as refused:
        billing.quotas.take(alice, AI)
    assert uses == [1, 2, 3]
    error = refused.value
    assert error.retry_after == 5 * 3600 + 30 * 60  # until midnight UTC
    assert error.details["limit"] == 3
    assert error.details["reset_at"] == datetime(2025, 3, 15, tzinfo=UTC)
    assert error.details["current_plan"] == FREE_PLAN_NAME
    suggestion = error.details["upgrade_suggestion"]
    assert suggestion == {
        "recommended_plan": "Basic",
        "message": "Upgrade to Basic for a higher limit.",
        "upgrade_url": "/plans/",
    }


def test_a_new_day_starts_a_new_window(billing) -> None:
    alice = billing.person()
    for _ in range(3):
        billing.quotas.take(alice, AI)
    billing.clock.advance(hours=6)
    assert billing.quotas.take(alice, AI).used == 1


def test_a_block_that_fails_gives_its_uses_back(billing) -> None:
    alice = billing.person()
    with pytest.raises(RuntimeError), billing.quotas.held(alice, QUESTIONNAIRES, AI):
        raise RuntimeError("the PDF was refused")
    assert billing.quotas.uses_of(alice, [QUESTIONNAIRES])[0].used == 0
    assert billing.quotas.uses_of(alice, [AI])[0].used == 0
    with billing.quotas.held(alice, QUESTIONNAIRES):
        pass
    assert billing.quotas.uses_of(alice, [QUESTIONNAIRES])[0].used == 1


def test_a_use_given_back_later_is_uncounted_in_the_window_it_was_taken_in(billing) -> None:
    alice = billing.person()
    taken_at = billing.clock.now()
    billing.quotas.take(alice, AI)
    billing.clock.advance(hours=6)  # the next day
    billing.quotas.take(alice, AI)
    billing.quotas.give_back(alice, AI, taken_at)
    assert billing.quotas.uses_of(alice, [AI])[0].used == 1


def test_a_request_records_what_it_took_and_kept_in_order(billing) -> None:
    alice = billing.person()
    billing.quotas.take(alice, AI)  # before recording: not recorded
    billing.quotas.record_uses()
    billing.quotas.take(alice, QuotaScope.API_CALLS)
    with billing.quotas.held(alice, QUESTIONNAIRES, AI):
        pass
    with pytest.raises(RuntimeError), billing.quotas.held(alice, QuotaScope.UPLOADS):
        raise RuntimeError("the PDF was refused")  # given back: not reported
    recorded = billing.quotas.recorded_uses()
    assert [(use.scope, use.used) for use in recorded] == [
        (QuotaScope.API_CALLS, 1),
        (QUESTIONNAIRES, 1),
        (AI, 2),
    ]
    billing.quotas.take(alice, AI)  # recording stopped with the report
    assert billing.quotas.recorded_uses() == []


def test_recording_is_per_context(billing) -> None:
    alice = billing.person()
    billing.quotas.record_uses()
    elsewhere: list[object] = []
    thread = threading.Thread(
        target=lambda: elsewhere.extend(
            [billing.quotas.take(alice, AI), billing.quotas.recorded_uses()]
        )
    )
    thread.start()
    thread.join()
    assert elsewhere[1] == []  # another thread (another request) records nothing of ours
    assert billing.quotas.recorded_uses() == []  # and its take is not ours


def test_a_paid_plan_gives_its_limits(billing) -> None:
    bob = billing.person("Pro", stripe_subscription_status="active")
    assert billing.quotas.take(bob, AI).limit == 100


def test_past_due_keeps_the_plan_for_the_grace_period_then_falls_to_free(billing) -> None:
    since = billing.clock.now() - timedelta(days=6)
    carol = billing.person("Pro", stripe_subscription_status="past_due", past_due_since=since)
    assert billing.quotas.plan_of(carol).name == "Pro"
    billing.clock.advance(days=2)
    assert billing.quotas.plan_of(carol).name == FREE_PLAN_NAME


def test_usage_advises_the_next_plan_up_from_80_percent_of_any_quota(billing) -> None:
    alice = billing.person()
    report = GetUsage(billing.quotas).execute(alice)
    assert report.plan == FREE_PLAN_NAME
    assert not report.advice.should_upgrade
    for _ in range(3):
        billing.quotas.take(alice, AI)
    report = GetUsage(billing.quotas).execute(alice)
    ai = next(use for use in report.uses if use.scope is AI)
    assert (ai.used, ai.remaining, ai.status) == (3, 0, "exceeded")
    assert report.advice.should_upgrade
    assert (report.advice.recommended_plan, report.advice.high_usage_scopes) == ("Basic", [AI])


def test_the_highest_plan_is_never_advised_to_upgrade(billing) -> None:
    dave = billing.person("Pro", stripe_subscription_status="active")
    for _ in range(90):
        billing.quotas.take(dave, AI)
    advice = GetUsage(billing.quotas).execute(dave).advice
    assert (advice.should_upgrade, advice.recommended_plan) == (False, None)
    assert advice.high_usage_scopes == [AI]


class FlakyGateway:
    name = "flaky"

    def __init__(self) -> None:
        self.calls = 0
        self.down = False

    def prices(self, price_ids: Sequence[str]) -> dict[str, Price]:
        self.calls += 1
        if self.down:
            raise DependencyUnavailable("The gateway is down.")
        return {key: Price(Decimal("5.00"), "USD", BillingInterval.MONTHLY) for key in price_ids}


def test_the_catalogue_asks_the_gateway_once_per_ttl_and_keeps_prices_through_an_outage() -> None:
    gateway, clock = FlakyGateway(), FakeClock()
    catalogue = PriceCatalogue(gateway, clock, ttl=timedelta(hours=1))  # type: ignore[arg-type]
    assert set(catalogue.prices(["basic"])) == {"basic"}
    assert set(catalogue.prices(["basic"])) == {"basic"}
    assert gateway.calls == 1
    gateway.down = True
    clock.advance(hours=2)
    assert set(catalogue.prices(["basic"])) == {"basic"}  # the last known price
    assert catalogue.prices(["pro"]) == {}  # never priced: unavailable
    assert gateway.calls == 3
    clock.advance(seconds=10)
    catalogue.prices(["pro"])
    assert gateway.calls == 3  # retried only after a while
    clock.advance(seconds=30)
    gateway.down = False
    assert set(catalogue.prices(["pro"])) == {"pro"}
