"""Google accounts: the Google subject id an account signs in with.

A nullable column on users with a unique index: one Google identity belongs to at most
one account, and an account has at most one. Accounts made by Google sign-in have no
usable password.

A unique index, not a constraint: on SQLite a new constraint makes Alembic rebuild the
table, and the rebuild would lose the case-insensitive unique indexes on username and
e-mail, which it cannot reflect.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("google_subject", sa.String(length=255), nullable=True))
    op.create_index("uq_users_google_subject", "users", ["google_subject"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_users_google_subject", table_name="users")
    # A plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+) keeps the other indexes.
    op.drop_column("users", "google_subject")
