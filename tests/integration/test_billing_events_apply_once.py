"""Gateway events on the real database: each applies once, however often and however
concurrently it is delivered; events about one user apply one at a time, so the newest
wins even when they race; a failure keeps nothing of the event, not even its id."""

import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError

from cvimprover.adapters.db import migrate, tables
from cvimprover.adapters.db.engine import build_engine, build_session_factory
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork
from cvimprover.core.billing.events import BillingEvent, EventKind
from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.billing.use_cases.apply_billing_event import ApplyBillingEvent
from cvimprover.core.users.model import User
from cvimprover.ports.unit_of_work import UnitOfWorkFactory
from tests.unit.fakes import FakeClock

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
R = TypeVar("R")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = build_engine(f"sqlite:///{tmp_path / 'billing.sqlite3'}")
        migrate.upgrade(engine)
        yield engine
        engine.dispose()
    else:
        yield request.getfixturevalue("pg_engine")


def units_of(engine: Engine) -> UnitOfWorkFactory:
    factory = build_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(factory)


@pytest.fixture
def uow(engine: Engine) -> UnitOfWorkFactory:
    return units_of(engine)


@pytest.fixture
def apply(uow: UnitOfWorkFactory) -> ApplyBillingEvent:
    return ApplyBillingEvent(uow, FakeClock(T0))


def new_user(uow: UnitOfWorkFactory, name: str) -> int:
    """A user on the Free plan, as sign-up leaves them."""
    with uow() as unit:
        free = unit.plans.get_by_name("Free")
        user = User(
            username=name,
            email=f"{name}@example.com",
            password_hash="h",
            date_joined=T0,
            plan_id=free.id if free else None,
        )
        unit.users.add(user)
        unit.commit()
    assert user.id is not None
    return user.id


@pytest.fixture
def user_id(uow: UnitOfWorkFactory) -> int:
    return new_user(uow, "jane")


def plan_id(uow: UnitOfWorkFactory, name: str) -> int:
    with uow() as unit:
        plan = unit.plans.get_by_name(name)
        assert plan is not None
        assert plan.id is not None
        return plan.id


def paid_checkout(
    user_id: int, plan: int, *, event_id: str = "evt_1", minute: int = 0
) -> BillingEvent:
    return BillingEvent(
        gateway="sandbox",
        event_id=event_id,
        kind=EventKind.CHECKOUT_COMPLETED,
        occurred_at=T0 + timedelta(minutes=minute),
        subscription_id="sub_1",
        customer_id="cus_1",
        user_id=user_id,
        plan_id=plan,
        interval=BillingInterval.MONTHLY,
        renews_at=T0 + timedelta(days=30),
    )


def stored(uow: UnitOfWorkFactory, user_id: int) -> User:
    """The committed row, read while its unit of work is open (leaving it expires it)."""
    with uow() as unit:
        user = unit.users.get(user_id)
        assert user is not None
        return replace(user)


def processed_count(engine: Engine) -> int:
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(tables.processed_billing_events))
    return int(count or 0)


def test_an_event_delivered_twice_is_applied_once(
    engine: Engine, uow: UnitOfWorkFactory, apply: ApplyBillingEvent, user_id: int
) -> None:
    event = paid_checkout(user_id, plan_id(uow, "Pro"))

    assert apply.execute(event) is True
    assert apply.execute(event) is False

    user = stored(uow, user_id)
    assert (user.plan_id, user.stripe_subscription_status) == (plan_id(uow, "Pro"), "active")
    assert processed_count(engine) == 1


def test_the_event_id_is_kept_with_whom_it_was_about(
    engine: Engine, uow: UnitOfWorkFactory, apply: ApplyBillingEvent, user_id: int
) -> None:
    apply.execute(paid_checkout(user_id, plan_id(uow, "Basic")))

    with engine.connect() as connection:
        row = connection.execute(select(tables.processed_billing_events)).one()
    assert (row.gateway, row.event_id, row.user_id) == ("sandbox", "evt_1", user_id)
    assert row.processed_at == T0


def test_a_failure_while_applying_keeps_nothing_and_a_redelivery_applies(
    pg_engine: Engine,
) -> None:
    uow = units_of(pg_engine)
    apply = ApplyBillingEvent(uow, FakeClock(T0))
    user_id = new_user(uow, "unlucky")
    pro = plan_id(uow, "Pro")
    # The subscription id does not fit its column (PostgreSQL enforces VARCHAR lengths):
    # the user's row fails to save after the event's row was written in the same
    # transaction.
    broken = replace(paid_checkout(user_id, pro), subscription_id="sub_" + "x" * 300)

    with pytest.raises(DBAPIError):
        apply.execute(broken)

    assert processed_count(pg_engine) == 0
    assert stored(uow, user_id).stripe_subscription_status is None
    assert apply.execute(paid_checkout(user_id, pro)) is True
    assert stored(uow, user_id).plan_id == pro


def run_together(count: int, work: Callable[[int], R]) -> list[R]:
    """Runs `work(0..count-1)` on as many threads, released at the same moment."""
    barrier = threading.Barrier(count)
    results: list[R | BaseException] = [RuntimeError("did not run")] * count

    def worker(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except BaseException as error:
            results[index] = error

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


def test_concurrent_deliveries_of_one_event_apply_it_exactly_once(pg_engine: Engine) -> None:
    uow = units_of(pg_engine)
    apply = ApplyBillingEvent(uow, FakeClock(T0))
    user_id = new_user(uow, "racer")
    event = paid_checkout(user_id, plan_id(uow, "Premium"), event_id="evt_race")

    applied = run_together(12, lambda _: apply.execute(event))

    assert applied.count(True) == 1
    assert applied.count(False) == 11
    assert processed_count(pg_engine) == 1
    assert stored(uow, user_id).plan_id == plan_id(uow, "Premium")


def test_concurrent_events_about_one_user_end_in_the_newest_state(pg_engine: Engine) -> None:
    uow = units_of(pg_engine)
    apply = ApplyBillingEvent(uow, FakeClock(T0))
    user_id = new_user(uow, "busy")
    plans = [plan_id(uow, name) for name in ("Basic", "Pro", "Premium")]
    events = [
        paid_checkout(user_id, plans[minute % 3], event_id=f"evt_{minute}", minute=minute)
        for minute in range(12)
    ]
    random.Random(7).shuffle(events)

    applied = run_together(len(events), lambda index: apply.execute(events[index]))

    newest = max(events, key=lambda event: event.occurred_at)
    final = stored(uow, user_id)
    assert all(applied)
    assert (final.plan_id, final.subscription_event_at) == (newest.plan_id, newest.occurred_at)
    assert processed_count(pg_engine) == len(events)


def test_concurrent_deliveries_about_nobody_we_know_are_recorded_once(pg_engine: Engine) -> None:
    apply = ApplyBillingEvent(units_of(pg_engine), FakeClock(T0))
    stranger = replace(
        paid_checkout(0, 1, event_id="evt_stranger"),
        user_id=None,
        subscription_id="sub_unknown",
        customer_id="cus_unknown",
    )

    applied = run_together(12, lambda _: apply.execute(stranger))

    assert applied.count(True) == 1
    assert processed_count(pg_engine) == 1
