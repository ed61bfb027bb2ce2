"""Alembic environment: runs on the connection `migrate.upgrade` hands over."""

from alembic import context

from cvimprover.adapters.db.tables import metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
