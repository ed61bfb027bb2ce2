"""PDF renders of improved CVs: one row per render job, its file kept by key.

On PostgreSQL its rows also notify the API processes at commit, like every other table a
user reads (revision 0004): an AI response shows its latest render.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "pdf_renders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ai_response_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.String(length=16), nullable=False),
        sa.Column("page_size", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("file_key", sa.String(length=255), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("next_attempt_at", Instant, nullable=False),
        sa.Column("started_at", Instant, nullable=True),
        sa.Column("finished_at", Instant, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pdf_renders_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["ai_response_id"],
            ["ai_responses.id"],
            name=op.f("fk_pdf_renders_ai_response_id_ai_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pdf_renders")),
    )
    op.create_index(op.f("ix_pdf_renders_user_id"), "pdf_renders", ["user_id"])
    op.create_index("ix_pdf_renders_ai_response_id_id", "pdf_renders", ["ai_response_id", "id"])
    op.create_index(
        "ix_pdf_renders_status_next_attempt_at", "pdf_renders", ["status", "next_attempt_at"]
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER pdf_renders_changed AFTER INSERT OR UPDATE OR DELETE ON pdf_renders "
            "FOR EACH ROW EXECUTE FUNCTION cvimprover_user_changed('user_id', 'd')"
        )
        op.execute(
            "CREATE TRIGGER pdf_renders_truncated AFTER TRUNCATE ON pdf_renders "
            "FOR EACH STATEMENT EXECUTE FUNCTION cvimprover_everything_changed()"
        )


def downgrade() -> None:
    op.drop_table("pdf_renders")  # its triggers go with it
