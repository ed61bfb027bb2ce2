"""Change notifications: every commit that changes what a user reads tells the API processes.

`u:<id>` when a user's own row changed, `d:<id>` when a row they own did (TG_ARGV: the
owner's column, then the kind), `*` when a plan did.

PostgreSQL only (NOTIFY is delivered at commit, never for a rollback). The API processes
LISTEN and empty their read caches; on SQLite nothing is cached, so nothing is needed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CHANNEL = "cvimprover_changes"
OWNED_BY_A_USER = ("questionnaires", "ai_responses")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION cvimprover_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            owner text;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                owner := to_jsonb(OLD) ->> TG_ARGV[0];
            ELSE
                owner := to_jsonb(NEW) ->> TG_ARGV[0];
            END IF;
            PERFORM pg_notify('{CHANNEL}', TG_ARGV[1] || ':' || owner);
            RETURN NULL;
        END $$;

        CREATE FUNCTION cvimprover_everything_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', '*');
            RETURN NULL;
        END $$;

        CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
            FOR EACH ROW EXECUTE FUNCTION cvimprover_user_changed('id', 'u');
        CREATE TRIGGER plans_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON plans
            FOR EACH STATEMENT EXECUTE FUNCTION cvimprover_everything_changed();
        """
    )
    for table in OWNED_BY_A_USER:
        op.execute(
            f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION cvimprover_user_changed('user_id', 'd')"
        )
    for table in ("users", *OWNED_BY_A_USER):
        op.execute(
            f"CREATE TRIGGER {table}_truncated AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cvimprover_everything_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("users", *OWNED_BY_A_USER):
        op.execute(f"DROP TRIGGER {table}_changed ON {table}")
        op.execute(f"DROP TRIGGER {table}_truncated ON {table}")
    op.execute("DROP TRIGGER plans_changed ON plans")
    op.execute("DROP FUNCTION cvimprover_user_changed()")
    op.execute("DROP FUNCTION cvimprover_everything_changed()")
