"""The sandbox gateway: checkout, portal and webhooks that work offline, with no account.

Checkout and portal sessions are HMAC-signed tokens (nothing is stored, so any API
process can serve them). The sandbox's pages post the token back to the webhook endpoint
(`action=complete|renew|past_due|cancel`), and it becomes the same domain event a real
gateway's webhook would: the token's signature is the webhook's signature.

A token expires SESSION_LIFETIME after it was issued, and its event's id is the nonce the
server signed into it: a checkout completes once, a portal token makes one change (any of
its actions), and whatever is posted again is a duplicate, applied no more.
"""

import base64
import hashlib
import hmac
import json
import secrets
from calendar import monthrange
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, quote

from cvimprover.adapters.payments.event_fields import UnreadableField, optional_id
from cvimprover.core.billing.events import BillingEvent, EventKind, UnreadableEvent
from cvimprover.core.billing.model import BillingInterval, Price
from cvimprover.core.errors import InvalidSignature, NotFound
from cvimprover.ports.clock import Clock
from cvimprover.ports.payments import (
    CheckoutRequest,
    CheckoutSession,
    CheckoutState,
    PaymentGateway,
)

MONTHLY, YEARLY = BillingInterval.MONTHLY, BillingInterval.YEARLY
CATALOGUE = {
    "sandbox_basic_monthly": Price(Decimal("5.00"), "USD", MONTHLY),
    "sandbox_basic_yearly": Price(Decimal("50.00"), "USD", YEARLY),
    "sandbox_pro_monthly": Price(Decimal("15.00"), "USD", MONTHLY),
    "sandbox_pro_yearly": Price(Decimal("150.00"), "USD", YEARLY),
    "sandbox_premium_monthly": Price(Decimal("49.00"), "USD", MONTHLY),
    "sandbox_premium_yearly": Price(Decimal("490.00"), "USD", YEARLY),
}
CHECKOUT_PREFIX, PORTAL_PREFIX = "cs_sandbox_", "bps_sandbox_"
ACTIONS = {
    "complete": EventKind.CHECKOUT_COMPLETED,
    "renew": EventKind.SUBSCRIPTION_ACTIVE,
    "past_due": EventKind.SUBSCRIPTION_PAST_DUE,
    "cancel": EventKind.SUBSCRIPTION_CANCELED,
}
SESSION_LIFETIME = timedelta(hours=1)
CHECKOUT_PAGE = "/core/payments/sandbox/checkout/"
PORTAL_PAGE = "/core/payments/sandbox/portal/"


class SandboxPaymentGateway(PaymentGateway):
    name = "sandbox"

    def __init__(self, secret: bytes, public_url: str, clock: Clock) -> None:
        self._key = hashlib.sha256(b"sandbox-payments:" + secret).digest()
        self._public_url = public_url.rstrip("/")
        self._clock = clock

    def prices(self, price_ids: Sequence[str]) -> dict[str, Price]:
        return {price_id: CATALOGUE[price_id] for price_id in price_ids if price_id in CATALOGUE}

    def start_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        session_id = CHECKOUT_PREFIX + self._sign(
            {
                "user": request.user_id,
                "plan": request.plan_id,
                "price": request.price_id,
                "interval": request.interval.value,
                "success": request.success_url,
                "cancel": request.cancel_url,
                **self._once(),
            }
        )
        return CheckoutSession(session_id, self._page(CHECKOUT_PAGE, session_id))

    def checkout_state(self, session_id: str) -> CheckoutState:
        claims = self._claims(session_id, CHECKOUT_PREFIX, NotFound("No such checkout session."))
        return CheckoutState(
            session_id=session_id,
            paid=False,  # the sandbox keeps nothing: the account shows whether it was paid
            user_id=claims["user"],
            plan_id=claims["plan"],
            subscription_id=_subscription_of(session_id),
            customer_id=_customer_of(claims["user"]),
        )

    def portal_url(self, customer_id: str, return_url: str) -> str:
        token = self._sign({"customer": customer_id, "return": return_url, **self._once()})
        return self._page(PORTAL_PAGE, PORTAL_PREFIX + token)

    def cancel_subscription(self, subscription_id: str) -> None:
        """The sandbox charges nobody, so there is nothing to stop."""

    def read_webhook(self, body: bytes, headers: Mapping[str, str]) -> BillingEvent | None:
        form = {key: values[0] for key, values in parse_qs(body.decode("latin-1")).items()}
        action, token = form.get("action", ""), form.get("session_id", "")
        refused = InvalidSignature("The sandbox session is missing or not ours.")
        kind = ACTIONS.get(action)
        if kind is None:
            raise refused
        now = self._clock.now()
        if kind is EventKind.CHECKOUT_COMPLETED:
            claims = self._unexpired(token, CHECKOUT_PREFIX, refused)
            event_id = f"checkout:{claims['nonce']}"
            try:
                return self._checkout_completed(token, claims, event_id, now)
            except UnreadableField as field:
                raise UnreadableEvent(self.name, event_id, field.name) from None
        claims = self._unexpired(token, PORTAL_PREFIX, refused)
        return BillingEvent(
            gateway=self.name,
            event_id=f"portal:{claims['nonce']}",
            kind=kind,
            occurred_at=now,
            customer_id=claims["customer"],
        )

    def _checkout_completed(
        self, token: str, claims: dict[str, Any], event_id: str, now: datetime
    ) -> BillingEvent:
        user_id = _required_id(claims, "user")
        try:
            interval = BillingInterval(str(claims.get("interval")))
        except ValueError:
            raise UnreadableField("interval") from None
        return BillingEvent(
            gateway=self.name,
            event_id=event_id,
            kind=EventKind.CHECKOUT_COMPLETED,
            occurred_at=now,
            subscription_id=_subscription_of(token),
            customer_id=_customer_of(user_id),
            user_id=user_id,
            plan_id=_required_id(claims, "plan"),
            price_id=claims.get("price"),
            interval=interval,
            renews_at=one_period_after(now, interval),
        )

    def _once(self) -> dict[str, Any]:
        """The claims that make a token single-use and short-lived."""
        expires = self._clock.now() + SESSION_LIFETIME
        return {"nonce": secrets.token_urlsafe(16), "exp": int(expires.timestamp())}

    def _unexpired(self, token: str, prefix: str, refused: Exception) -> dict[str, Any]:
        claims = self._claims(token, prefix, refused)
        expires, nonce = claims.get("exp"), claims.get("nonce")
        if not isinstance(expires, int) or not isinstance(nonce, str) or not nonce:
            raise refused
        if self._clock.now().timestamp() >= expires:
            raise InvalidSignature("The sandbox session has expired: start a new one.")
        return claims

    def _page(self, path: str, token: str) -> str:
        return f"{self._public_url}{path}?session_id={quote(token)}"

    def _sign(self, claims: dict[str, Any]) -> str:
        payload = _unpadded(json.dumps(claims, separators=(",", ":")).encode())
        return f"{payload}.{self._mac(payload)}"

    def _mac(self, payload: str) -> str:
        return _unpadded(hmac.new(self._key, _padded(payload), hashlib.sha256).digest())

    def _claims(self, token: str, prefix: str, refusal: Exception) -> dict[str, Any]:
        """The claims of a token exactly as we signed it: a signature spelled in any other
        way (base64 has several spellings of the same bytes) is refused."""
        if not token.startswith(prefix):
            raise refusal
        payload, _, mac = token.removeprefix(prefix).partition(".")
        if not hmac.compare_digest(mac.encode(), self._mac(payload).encode()):
            raise refusal
        try:
            claims = json.loads(base64.urlsafe_b64decode(_padded(payload)))
        except ValueError:
            raise refusal from None
        if not isinstance(claims, dict):
            raise refusal
        return claims


def one_period_after(start: datetime, interval: BillingInterval) -> datetime:
    """When a subscription started at `start` renews: the same day one month or one year
    on, or that month's last day when it is shorter (Jan 31 -> Feb 28)."""
    months = 12 if interval is BillingInterval.YEARLY else 1
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, monthrange(year, month)[1]))


def _required_id(claims: dict[str, Any], name: str) -> int:
    """An id the token must carry: one our key signed is still read like any from outside
    (whoever holds the key signs what they like)."""
    found = optional_id(claims.get(name), name)
    if found is None:
        raise UnreadableField(name)
    return found


def _padded(text: str) -> bytes:
    return (text + "=" * (-len(text) % 4)).encode()


def _unpadded(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _subscription_of(session_id: str) -> str:
    return "sub_sandbox_" + hashlib.sha256(session_id.encode()).hexdigest()[:24]


def _customer_of(user_id: int) -> str:
    return f"cus_sandbox_{user_id}"
