"""An AI response says when it was written by a fallback provider.

`ai_responses.notice` names the providers that were unavailable, why, and the one that
wrote the improvement (the offline improver, say); it is null when the first provider
answered, as it is for every row written before this revision.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ai_responses") as batch:
        batch.add_column(sa.Column("notice", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ai_responses") as batch:
        batch.drop_column("notice")
