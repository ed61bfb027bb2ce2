"""Change notifications read the owner's column alone, not the whole row.

`cvimprover_user_changed` found the owner with `to_jsonb(NEW) ->> column`, which converts
the whole row to JSON on every write: with a questionnaire's CV text or an improvement's
Markdown, that read every TOASTed value back. Updating a questionnaire that holds a CV of
about 28 KB of text went from about 4,400 to 6,500 updates/s (pgbench, 4 clients). The
notifications are the same.

The owner's column is still the trigger's first argument; it is `id` (users) or `user_id`
(what a user owns), and any other name is refused.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

CHANNEL = "cvimprover_changes"

FIND_OWNER = """
            IF TG_OP = 'DELETE' THEN
                changed := OLD;
            ELSE
                changed := NEW;
            END IF;
            -- One branch per owner column: PL/pgSQL resolves a field when it runs it.
            IF TG_ARGV[0] = 'id' THEN
                owner := changed.id;
            ELSIF TG_ARGV[0] = 'user_id' THEN
                owner := changed.user_id;
            ELSE
                RAISE EXCEPTION 'cvimprover_user_changed: no owner column named %', TG_ARGV[0];
            END IF;
"""
FIND_OWNER_IN_WHOLE_ROW = """
            IF TG_OP = 'DELETE' THEN
                owner := to_jsonb(OLD) ->> TG_ARGV[0];
            ELSE
                owner := to_jsonb(NEW) ->> TG_ARGV[0];
            END IF;
"""
"""As revision 0004 defined it."""


def upgrade() -> None:
    _define_user_changed(FIND_OWNER)


def downgrade() -> None:
    _define_user_changed(FIND_OWNER_IN_WHOLE_ROW)


def _define_user_changed(find_owner: str) -> None:
    """The trigger function, with `find_owner` setting `owner` (a `changed` record is
    there for it); the triggers that call it are unchanged."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION cvimprover_user_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            changed record;
            owner text;
        BEGIN
{find_owner}
            PERFORM pg_notify('{CHANNEL}', TG_ARGV[1] || ':' || owner);
            RETURN NULL;
        END $$
        """
    )
