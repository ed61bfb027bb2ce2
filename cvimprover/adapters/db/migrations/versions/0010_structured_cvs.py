"""A questionnaire keeps its CV as data: the JSON Resume document read from the uploaded
CV's text, then as its owner corrected it (GET and PUT /cv/questionnaire/{id}/structured-cv/).

JSON, not PostgreSQL's JSONB, which would reorder the document's members. Questionnaires
uploaded before this revision have none; their CV is read from its stored text when it is
first asked for, so this revision needs no reader of CVs.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("questionnaires", sa.Column("structured_cv", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("questionnaires", "structured_cv")
