"""The upgrade flow on the sandbox gateway over the real database, with the seeded plans
and sandbox prices: checkout, its completion as a webhook, verification, the portal,
cancellation, and each posted again (applied once); with read-write units of work, whose
rows are gone once they end."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import Engine

from cvimprover.adapters.db.engine import build_session_factory
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork
from cvimprover.adapters.payments.gateway_registry import GatewayRegistry
from cvimprover.adapters.payments.sandbox_gateway import SandboxPaymentGateway
from cvimprover.adapters.payments.sandbox_price_directory import SandboxPriceDirectory
from cvimprover.core.billing.commands import CheckoutCheck, Delivery, NewCheckout, PortalRequest
from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.billing.price_book import PriceBook
from cvimprover.core.billing.use_cases.apply_billing_event import ApplyBillingEvent
from cvimprover.core.billing.use_cases.open_billing_portal import OpenBillingPortal
from cvimprover.core.billing.use_cases.receive_webhook import ReceiveWebhook
from cvimprover.core.billing.use_cases.start_checkout import BillingLinks, StartCheckout
from cvimprover.core.billing.use_cases.verify_checkout import VerifyCheckout
from cvimprover.core.users.model import User
from tests.unit.fakes import FakeClock

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LINKS = BillingLinks(
    success="https://app.test/ok?session_id={CHECKOUT_SESSION_ID}",
    cancel="https://app.test/cancel",
    portal_return="https://app.test/account",
)


def test_a_sandbox_upgrade_and_cancellation_on_postgresql(pg_engine: Engine) -> None:
    sessions = build_session_factory(pg_engine)

    def uow() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(sessions)

    clock = FakeClock(NOW)
    gateway = SandboxPaymentGateway(b"secret", "https://api.test", clock)
    receive = ReceiveWebhook(GatewayRegistry(gateway), ApplyBillingEvent(uow, clock))
    with uow() as unit:
        free, pro = unit.plans.get_by_name("Free"), unit.plans.get_by_name("Pro")
        assert free is not None
        assert pro is not None
        free_id, pro_id = free.id, pro.id
        user = User(username="jo", email="jo@example.com", password_hash="h", date_joined=NOW)
        user.plan_id = free_id
        unit.users.add(user)
        unit.commit()
        user_id = user.id
    assert user_id is not None
    assert pro_id is not None

    prices = PriceBook(SandboxPriceDirectory(), clock)
    session = StartCheckout(uow, gateway, LINKS, prices).execute(
        NewCheckout(user_id, pro_id, BillingInterval.YEARLY)
    )
    verify = VerifyCheckout(uow, gateway)
    assert verify.execute(CheckoutCheck(user_id, session.session_id)).status == "open"

    def post(**form: str) -> bool:
        return receive.execute(Delivery("sandbox", urlencode(form).encode(), {}))

    assert post(action="complete", session_id=session.session_id) is True

    outcome = verify.execute(CheckoutCheck(user_id, session.session_id))
    assert (outcome.status, outcome.plan, outcome.subscription_status) == (
        "complete",
        "Pro",
        "active",
    )
    assert outcome.renewal_date == datetime(2027, 11, 20, 10, 0, tzinfo=UTC)

    portal = OpenBillingPortal(uow, GatewayRegistry(gateway), LINKS).execute(PortalRequest(user_id))
    token = parse_qs(urlsplit(portal).query)["session_id"][0]
    clock.advance(minutes=30)
    assert post(action="cancel", session_id=token) is True

    assert post(action="complete", session_id=session.session_id) is False
    assert post(action="renew", session_id=token, nonce="n2") is False
    assert post(action="cancel", session_id=token, nonce="n3") is False
    with uow() as unit:
        stored = unit.users.get(user_id)
        assert stored is not None
        assert (stored.plan_id, stored.stripe_subscription_status) == (free_id, "canceled")
