"""An improvement's gaps are kept as data beside its CV, never in it.

Gaps (what the job asks for and the CV does not show) are advice for the CV's owner; the
CV, its Markdown and its PDF go to employers. Until this revision they were a final
"Gaps to address" section of `ai_responses.response_text`, the form improvers were asked
for: this revision moves each such section into the new `ai_responses.gaps` (a JSON list
of strings), by the rule below, frozen as it was then. The downgrade puts them back as a
final section.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-15
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+gaps to address:?[ \t#]*", re.IGNORECASE)
ANY_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t].*)?")
ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(.*)")
MARKUP = re.compile(r"(\*\*|__|`)")


def moved(markdown: str) -> tuple[str, list[str]] | None:
    """The Markdown without its "Gaps to address" section and the section's items; None
    when it has no such section."""
    lines = markdown.split("\n")
    start = next((i for i, line in enumerate(lines) if HEADING.fullmatch(line)), None)
    if start is None:
        return None
    rank = len(HEADING.fullmatch(lines[start]).group(1))  # type: ignore[union-attr]
    end = start + 1
    while end < len(lines):
        heading = ANY_HEADING.fullmatch(lines[end])
        if heading is not None and len(heading.group(1)) <= rank:
            break
        end += 1
    gaps = [" ".join(MARKUP.sub("", found.group(1)).split()) for line in lines[start:end]
            if (found := ITEM.fullmatch(line))]  # fmt: skip
    kept = lines[:start] + lines[end:]
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + "\n", [gap for gap in gaps if gap]


def _responses() -> sa.TableClause:
    return sa.table(
        "ai_responses",
        sa.column("id", sa.Integer),
        sa.column("response_text", sa.Text),
        sa.column("gaps", sa.JSON),
    )


def upgrade() -> None:
    op.add_column("ai_responses", sa.Column("gaps", sa.JSON(), nullable=False, server_default="[]"))
    responses, bind = _responses(), op.get_bind()
    rows = bind.execute(
        sa.select(responses.c.id, responses.c.response_text).where(
            sa.func.lower(responses.c.response_text).contains("gaps to address")
        )
    ).all()
    for row_id, markdown in rows:
        split = moved(markdown)
        if split is not None:
            text, gaps = split
            bind.execute(
                responses.update()
                .where(responses.c.id == row_id)
                .values(response_text=text, gaps=gaps)
            )


def downgrade() -> None:
    responses, bind = _responses(), op.get_bind()
    rows = bind.execute(sa.select(responses.c.id, responses.c.response_text, responses.c.gaps))
    for row_id, markdown, gaps in rows.all():
        items = json.loads(gaps) if isinstance(gaps, str) else gaps
        if items and markdown:
            section = "\n".join(f"- {gap}" for gap in items)
            text = f"{markdown.rstrip()}\n\n## Gaps to address\n\n{section}\n"
            bind.execute(
                responses.update().where(responses.c.id == row_id).values(response_text=text)
            )
    op.drop_column("ai_responses", "gaps")
