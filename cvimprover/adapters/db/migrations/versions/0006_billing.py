"""Billing: plans' prices per gateway, the subscription state on users, and the gateway
events already applied.

Prices are editable data, one row per plan, gateway and interval; the `sandbox` gateway's
are seeded (its catalogue is built in). Stripe and Paddle price ids are the operator's to
add (see README, "Payments").

`processed_billing_events` is written in the same transaction as an event's effect: its
unique (gateway, event_id) makes each event apply once. On PostgreSQL its rows notify the
API processes like every other table a user owns (revision 0004); users' rows already do.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)
SANDBOX_PRICES = [
    ("Basic", "monthly", "sandbox_basic_monthly"),
    ("Basic", "yearly", "sandbox_basic_yearly"),
    ("Pro", "monthly", "sandbox_pro_monthly"),
    ("Pro", "yearly", "sandbox_pro_yearly"),
    ("Premium", "monthly", "sandbox_premium_monthly"),
    ("Premium", "yearly", "sandbox_premium_yearly"),
]


def _user_columns() -> list[sa.Column[object]]:
    """Fresh columns each call: a Column belongs to one table once added."""
    return [
        sa.Column("subscription_interval", sa.String(length=8), nullable=True),
        sa.Column("subscription_gateway", sa.String(length=16), nullable=True),
        sa.Column("subscription_event_at", Instant, nullable=True),
        sa.Column("past_due_since", Instant, nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for column in _user_columns():
            batch.add_column(column)
        batch.create_index("ix_users_stripe_subscription_id", ["stripe_subscription_id"])
        batch.create_index("ix_users_stripe_customer_id", ["stripe_customer_id"])
    op.create_table(
        "plan_prices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("gateway", sa.String(length=16), nullable=False),
        sa.Column("interval", sa.String(length=8), nullable=False),
        sa.Column("price_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_prices_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_prices")),
        sa.UniqueConstraint(
            "plan_id", "gateway", "interval", name="uq_plan_prices_plan_gateway_interval"
        ),
        sa.UniqueConstraint("gateway", "price_id", name="uq_plan_prices_gateway_price_id"),
    )
    op.create_table(
        "processed_billing_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gateway", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("processed_at", Instant, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_processed_billing_events_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processed_billing_events")),
        sa.UniqueConstraint(
            "gateway", "event_id", name="uq_processed_billing_events_gateway_event_id"
        ),
    )
    _seed_sandbox_prices()
    if op.get_bind().dialect.name == "postgresql":
        for table in ("plan_prices",):
            # Prices show in everyone's plan list, like plans do.
            op.execute(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION cvimprover_everything_changed()"
            )
        op.execute(
            "CREATE TRIGGER processed_billing_events_changed AFTER INSERT OR UPDATE OR DELETE "
            "ON processed_billing_events "
            "FOR EACH ROW EXECUTE FUNCTION cvimprover_user_changed('user_id', 'd')"
        )
        op.execute(
            "CREATE TRIGGER processed_billing_events_truncated AFTER TRUNCATE "
            "ON processed_billing_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION cvimprover_everything_changed()"
        )


def _seed_sandbox_prices() -> None:
    plans = sa.table("plans", sa.column("id", sa.Integer), sa.column("name", sa.String))
    prices = sa.table(
        "plan_prices",
        sa.column("plan_id", sa.Integer),
        sa.column("gateway", sa.String),
        sa.column("interval", sa.String),
        sa.column("price_id", sa.String),
    )
    bind = op.get_bind()
    ids = {row.name: row.id for row in bind.execute(sa.select(plans.c.name, plans.c.id))}
    rows = [
        {"plan_id": ids[name], "gateway": "sandbox", "interval": interval, "price_id": price_id}
        for name, interval, price_id in SANDBOX_PRICES
        if name in ids
    ]
    if rows:
        op.bulk_insert(prices, rows)


def downgrade() -> None:
    op.drop_table("processed_billing_events")  # its triggers go with it
    op.drop_table("plan_prices")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_stripe_customer_id")
        batch.drop_index("ix_users_stripe_subscription_id")
        for column in reversed(_user_columns()):
            batch.drop_column(column.name)
