"""The whole upgrade flow on the sandbox gateway, with no account anywhere: checkout,
its completion as a webhook, the portal's actions, each becoming the same domain events
a real gateway's webhooks would."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from cvimprover.adapters.payments.gateway_registry import GatewayRegistry
from cvimprover.adapters.payments.sandbox_gateway import SandboxPaymentGateway, one_period_after
from cvimprover.adapters.payments.sandbox_price_directory import SandboxPriceDirectory
from cvimprover.core.billing.commands import CheckoutCheck, Delivery, NewCheckout, PortalRequest
from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.billing.price_book import PriceBook
from cvimprover.core.billing.use_cases.open_billing_portal import OpenBillingPortal
from cvimprover.core.billing.use_cases.receive_webhook import ReceiveWebhook
from cvimprover.core.billing.use_cases.start_checkout import BillingLinks, StartCheckout
from cvimprover.core.billing.use_cases.verify_checkout import VerifyCheckout
from cvimprover.core.errors import InvalidInput, InvalidSignature, NotFound
from tests.unit.billing_fakes import PLAN_IDS, Billing

LINKS = BillingLinks(
    success="https://app.test/billing/success?session_id={CHECKOUT_SESSION_ID}",
    cancel="https://app.test/billing/cancel",
    portal_return="https://app.test/account",
)
MONTHLY, YEARLY = BillingInterval.MONTHLY, BillingInterval.YEARLY


class Sandbox:
    """The billing use cases on the sandbox gateway, over in-memory stores."""

    def __init__(self) -> None:
        self.billing = Billing(gateway="sandbox")
        uow, clock = self.billing.uow, self.billing.clock
        self.gateway = SandboxPaymentGateway(b"test-secret", "https://api.test", clock)
        self.prices = PriceBook(SandboxPriceDirectory(), clock)
        self.start = StartCheckout(uow, self.gateway, LINKS, self.prices)
        self.verify = VerifyCheckout(uow, self.gateway)
        gateways = GatewayRegistry(self.gateway)
        self.portal = OpenBillingPortal(uow, gateways, LINKS)
        self.receive = ReceiveWebhook(gateways, self.billing.apply)

    def checkout(self, plan: str = "Pro", billing: BillingInterval = MONTHLY) -> str:
        return self.start.execute(NewCheckout(1, PLAN_IDS[plan], billing)).session_id

    def post(self, provider: str = "sandbox", **form: str) -> bool:
        return self.receive.execute(Delivery(provider, urlencode(form).encode(), {}))

    def open_portal(self) -> str:
        url = self.portal.execute(PortalRequest(1))
        return parse_qs(urlsplit(url).query)["session_id"][0]

    def plan(self) -> str | None:
        return self.billing.plan_name(self.billing.user.plan_id)


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


def test_a_sandbox_checkout_opens_the_sandbox_page(sandbox: Sandbox) -> None:
    session = sandbox.start.execute(NewCheckout(1, PLAN_IDS["Pro"], MONTHLY))

    url = urlsplit(session.url)
    assert (url.scheme, url.netloc, url.path) == (
        "https",
        "api.test",
        "/core/payments/sandbox/checkout/",
    )
    assert parse_qs(url.query)["session_id"] == [session.session_id]


def test_completing_a_sandbox_checkout_subscribes_like_a_paid_gateway_checkout(
    sandbox: Sandbox,
) -> None:
    session_id = sandbox.checkout("Pro", YEARLY)
    assert sandbox.verify.execute(CheckoutCheck(1, session_id)).status == "open"

    assert sandbox.post(action="complete", session_id=session_id) is True

    user, now = sandbox.billing.user, sandbox.billing.clock.now()
    assert sandbox.billing.plan_name(user.plan_id) == "Pro"
    assert (user.stripe_subscription_status, user.subscription_gateway) == ("active", "sandbox")
    assert user.subscription_interval == YEARLY
    assert user.subscription_renewal_date == now.replace(year=now.year + 1)
    assert user.stripe_customer_id == "cus_sandbox_1"
    outcome = sandbox.verify.execute(CheckoutCheck(1, session_id))
    assert (outcome.status, outcome.plan) == ("complete", "Pro")


def test_a_completed_sandbox_checkout_posted_again_changes_nothing(sandbox: Sandbox) -> None:
    session_id = sandbox.checkout("Pro")
    sandbox.post(action="complete", session_id=session_id)
    sandbox.billing.change_user(plan_id=PLAN_IDS["Free"])

    assert sandbox.post(action="complete", session_id=session_id) is False
    assert sandbox.billing.plan_name(sandbox.billing.user.plan_id) == "Free"


def test_canceling_in_the_sandbox_portal_goes_back_to_free(sandbox: Sandbox) -> None:
    sandbox.post(action="complete", session_id=sandbox.checkout("Premium"))

    sandbox.billing.clock.advance(days=2)
    assert sandbox.post(action="past_due", session_id=sandbox.open_portal()) is True
    assert sandbox.plan() == "Premium"
    sandbox.billing.clock.advance(days=1)
    assert sandbox.post(action="cancel", session_id=sandbox.open_portal()) is True

    user = sandbox.billing.user
    assert sandbox.plan() == "Free"
    assert user.stripe_subscription_status == "canceled"


def test_a_sandbox_checkout_expires_an_hour_after_it_was_started(sandbox: Sandbox) -> None:
    late = sandbox.checkout("Pro")
    sandbox.billing.clock.advance(minutes=59)
    in_time = sandbox.checkout("Basic")
    sandbox.billing.clock.advance(minutes=1)

    with pytest.raises(InvalidSignature, match="expired"):
        sandbox.post(action="complete", session_id=late)
    assert sandbox.plan() == "Free"
    assert sandbox.billing.processed() == {}
    assert sandbox.post(action="complete", session_id=in_time) is True
    assert sandbox.plan() == "Basic"


def test_a_checkout_posted_again_with_its_signature_spelled_otherwise_changes_nothing(
    sandbox: Sandbox,
) -> None:
    session_id = sandbox.checkout("Pro")
    sandbox.post(action="complete", session_id=session_id)
    sandbox.billing.change_user(plan_id=PLAN_IDS["Free"])
    payload, _, mac = session_id.partition(".")

    for respelled in [f"{payload}.{mac}!!!!", f"{payload}.{mac}====", f"{payload}.{mac}\n"]:
        with pytest.raises(InvalidSignature):  # base64 would read the same signature
            sandbox.post(action="complete", session_id=respelled)
    assert sandbox.plan() == "Free"


def test_a_portal_session_makes_one_change_whatever_nonce_is_posted(sandbox: Sandbox) -> None:
    sandbox.post(action="complete", session_id=sandbox.checkout("Pro"))
    portal = sandbox.open_portal()
    assert sandbox.post(action="cancel", session_id=portal) is True

    assert sandbox.post(action="cancel", session_id=portal) is False
    assert sandbox.post(action="renew", session_id=portal, nonce="mine") is False
    assert sandbox.post(action="renew", session_id=portal, nonce="another") is False
    assert sandbox.plan() == "Free"
    assert sandbox.billing.user.stripe_subscription_status == "canceled"
    assert len(sandbox.billing.processed()) == 2  # the checkout and the one cancellation


def test_a_portal_session_expires_an_hour_after_it_was_opened(sandbox: Sandbox) -> None:
    sandbox.post(action="complete", session_id=sandbox.checkout("Pro"))
    portal = sandbox.open_portal()
    sandbox.billing.clock.advance(hours=1)

    with pytest.raises(InvalidSignature, match="expired"):
        sandbox.post(action="cancel", session_id=portal)
    assert sandbox.plan() == "Pro"


@pytest.mark.parametrize(
    "form",
    [
        {"action": "complete", "session_id": "cs_sandbox_forged.c2lnbmF0dXJl"},
        {"action": "complete", "session_id": ""},
        {"action": "steal", "session_id": "x"},
        {},
    ],
)
def test_a_forged_or_incomplete_sandbox_post_is_refused(
    sandbox: Sandbox, form: dict[str, str]
) -> None:
    with pytest.raises(InvalidSignature):
        sandbox.post(**form)
    assert sandbox.billing.processed() == {}


def test_a_checkout_token_from_another_secret_is_refused(sandbox: Sandbox) -> None:
    other = SandboxPaymentGateway(b"another-secret", "https://api.test", sandbox.billing.clock)
    request = NewCheckout(1, PLAN_IDS["Pro"], MONTHLY)
    foreign = StartCheckout(sandbox.billing.uow, other, LINKS, sandbox.prices).execute(request)

    with pytest.raises(InvalidSignature):
        sandbox.post(action="complete", session_id=foreign.session_id)


def test_only_the_configured_gateways_webhooks_are_taken(sandbox: Sandbox) -> None:
    with pytest.raises(NotFound):
        sandbox.post("stripe", action="complete", session_id=sandbox.checkout())


def test_someone_elses_checkout_is_not_found(sandbox: Sandbox) -> None:
    session_id = sandbox.checkout()

    with pytest.raises(NotFound):
        sandbox.verify.execute(CheckoutCheck(2, session_id))


def test_the_portal_needs_a_subscription_through_this_gateway(sandbox: Sandbox) -> None:
    with pytest.raises(InvalidInput):
        sandbox.portal.execute(PortalRequest(1))

    sandbox.billing.change_user(stripe_customer_id="cus_RealStripe", subscription_gateway="stripe")
    with pytest.raises(InvalidInput):
        sandbox.portal.execute(PortalRequest(1))


def test_a_plan_without_a_price_at_that_interval_cannot_be_bought(sandbox: Sandbox) -> None:
    with pytest.raises(InvalidInput):
        sandbox.start.execute(NewCheckout(1, PLAN_IDS["Free"], MONTHLY))
    with pytest.raises(NotFound):
        sandbox.start.execute(NewCheckout(1, 999, MONTHLY))


@pytest.mark.parametrize(
    ("start", "interval", "renews"),
    [
        (datetime(2026, 1, 31, 9, tzinfo=UTC), MONTHLY, datetime(2026, 2, 28, 9, tzinfo=UTC)),
        (datetime(2026, 12, 15, 9, tzinfo=UTC), MONTHLY, datetime(2027, 1, 15, 9, tzinfo=UTC)),
        (datetime(2028, 2, 29, 9, tzinfo=UTC), YEARLY, datetime(2029, 2, 28, 9, tzinfo=UTC)),
    ],
)
def test_a_period_ends_on_the_same_day_or_the_months_last(
    start: datetime, interval: BillingInterval, renews: datetime
) -> None:
    assert one_period_after(start, interval) == renews
