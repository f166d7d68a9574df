"""Alembic migrations, run programmatically: ``outarde db upgrade`` and the tests use this."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database
from storage.models import every_table

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the database schema up to ``revision``."""

    def run(connection) -> None:  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with db.engine.begin() as connection:
        await connection.run_sync(run)
        await refresh_statistics(connection)


async def refresh_statistics(connection: AsyncConnection) -> None:
    """Fresh planner statistics, so new indexes are used at once: ANALYZE on PostgreSQL,
    ``PRAGMA optimize`` (which analyses what needs it) on SQLite."""
    if connection.dialect.name == "sqlite":
        await connection.exec_driver_sql("PRAGMA optimize=0x10002")
    else:
        await connection.exec_driver_sql("ANALYZE")


async def revision(db: Database, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""

    def run(connection) -> None:  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)

    async with db.engine.begin() as connection:
        await connection.run_sync(run)


async def pending_changes(db: Database) -> list[object]:
    """What the models have that the migrated database lacks (empty when in step)."""

    def run(connection) -> list[object]:  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, every_table()))

    async with db.engine.connect() as connection:
        return await connection.run_sync(run)
