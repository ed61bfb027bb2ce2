"""Every subscription names its gateway.

Several gateways now serve at once: PAYMENT_GATEWAY is where new checkouts go, and a
subscriber's portal, cancellation and webhooks go to the gateway that holds their
subscription, `users.subscription_gateway`. Rows written since revision 0006 have it;
older ones (accounts brought over from the original, which sold through Stripe alone)
have customer and subscription ids but no gateway. Each gets the gateway its ids are
shaped by: Paddle's are `ctm_01...` and `sub_01...` (lowercase), the sandbox's
`cus_sandbox_...` and `sub_sandbox_...`; any other is Stripe's. A row with no ids has no
subscription and stays without a gateway.

The downgrade leaves the names: revision 0006's rows may hold them too.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PADDLE_ID = re.compile(r"(ctm|sub)_01[a-z0-9]+")
SANDBOX_ID = re.compile(r"(cus|sub)_sandbox_.*")


def gateway_of(customer_id: str | None, subscription_id: str | None) -> str | None:
    """The gateway whose ids these are; None for no ids at all."""
    ids = [value for value in (customer_id, subscription_id) if value]
    if not ids:
        return None
    if any(PADDLE_ID.fullmatch(value) for value in ids):
        return "paddle"
    if any(SANDBOX_ID.fullmatch(value) for value in ids):
        return "sandbox"
    return "stripe"


def upgrade() -> None:
    users = sa.table(
        "users",
        sa.column("id", sa.Integer),
        sa.column("stripe_customer_id", sa.String),
        sa.column("stripe_subscription_id", sa.String),
        sa.column("subscription_gateway", sa.String),
    )
    bind = op.get_bind()
    unnamed = bind.execute(
        sa.select(users.c.id, users.c.stripe_customer_id, users.c.stripe_subscription_id).where(
            users.c.subscription_gateway.is_(None),
            sa.or_(
                users.c.stripe_customer_id.is_not(None),
                users.c.stripe_subscription_id.is_not(None),
            ),
        )
    ).all()
    for row in unnamed:
        gateway = gateway_of(row.stripe_customer_id, row.stripe_subscription_id)
        if gateway is not None:
            bind.execute(
                sa.update(users).where(users.c.id == row.id).values(subscription_gateway=gateway)
            )


def downgrade() -> None:
    pass
