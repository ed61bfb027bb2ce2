"""An improvement's owner may edit its CV before asking for a PDF.

`ai_responses.edited_text` holds the Markdown they approved (null: the AI's answer stands,
and stays in `response_text` either way) and `edited_at` when they last changed it. Each
PDF render records the SHA-256 of the Markdown it rendered, `pdf_renders.text_sha256`, so
that asking again after an edit renders the new text rather than answering with the old
file. Renders from before this revision have none: they rendered the AI's answer, since
nothing else could be rendered then.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-14
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ai_responses", sa.Column("edited_text", sa.Text(), nullable=True))
    op.add_column("ai_responses", sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("pdf_renders", sa.Column("text_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # A plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+) keeps the indexes and triggers.
    op.drop_column("pdf_renders", "text_sha256")
    op.drop_column("ai_responses", "edited_at")
    op.drop_column("ai_responses", "edited_text")
