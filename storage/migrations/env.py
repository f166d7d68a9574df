"""Alembic environment: runs on the connection handed over by storage.migrate."""

from __future__ import annotations

from alembic import context

from storage.models import every_table

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `outarde db upgrade` (storage.migrate)")

context.configure(
    connection=connection,
    target_metadata=every_table(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
