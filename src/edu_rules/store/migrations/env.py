"""Alembic's entry point for the record's migrations, run by :func:`edu_rules.store.upgrade`.

The store hands over its open connection (``config.attributes["connection"]``);
nothing here reads a configuration file or the environment.
"""

from __future__ import annotations

from alembic import context

from edu_rules.store._tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
