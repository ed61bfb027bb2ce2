"""Questionnaires with their uploaded CVs, and AI improvement jobs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Instant = sa.DateTime(timezone=True)


def _owner() -> sa.Column[int]:
    return sa.Column("user_id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.Integer(), nullable=False),
        _owner(),
        sa.Column("position", sa.String(length=255), nullable=False),
        sa.Column("industry", sa.String(length=255), nullable=False),
        sa.Column("experience_level", sa.String(length=10), nullable=False),
        sa.Column("company_size", sa.String(length=10), nullable=False),
        sa.Column("location", sa.String(length=255), nullable=False),
        sa.Column("application_timeline", sa.String(length=20), nullable=False),
        sa.Column("job_description", sa.Text(), nullable=False),
        sa.Column("submitted_at", Instant, nullable=False),
        sa.Column("resume_key", sa.String(length=255), nullable=True),
        sa.Column("resume_name", sa.String(length=255), nullable=True),
        sa.Column("resume_size", sa.Integer(), nullable=True),
        sa.Column("resume_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_questionnaires_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaires")),
    )
    op.create_index("ix_questionnaires_user_id_id", "questionnaires", ["user_id", "id"])
    op.create_table(
        "ai_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        _owner(),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("response_text", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("provider", sa.String(length=64), nullable=True),
        sa.Column("model", sa.String(length=128), nullable=True),
        sa.Column("input_tokens", sa.Integer(), nullable=True),
        sa.Column("output_tokens", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", Instant, nullable=False),
        sa.Column("next_attempt_at", Instant, nullable=False),
        sa.Column("started_at", Instant, nullable=True),
        sa.Column("finished_at", Instant, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_ai_responses_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_ai_responses_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_responses")),
    )
    op.create_index("ix_ai_responses_user_id_id", "ai_responses", ["user_id", "id"])
    op.create_index(op.f("ix_ai_responses_questionnaire_id"), "ai_responses", ["questionnaire_id"])
    op.create_index(
        "ix_ai_responses_status_next_attempt_at", "ai_responses", ["status", "next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_table("ai_responses")
    op.drop_table("questionnaires")
