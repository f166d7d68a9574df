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


SQLITE_ANALYSIS_LIMIT = 1000  # rows read per index: statistics in milliseconds at any size


async def refresh_statistics(connection: AsyncConnection) -> None:
    """Fresh planner statistics, so new indexes are used at once: ANALYZE on PostgreSQL;
    on SQLite, ANALYZE reading a sample of each index (``PRAGMA optimize`` analyses nothing
    on a connection that has not yet run the queries it would serve, before SQLite 3.46)."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        await connection.exec_driver_sql(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
    await connection.exec_driver_sql("ANALYZE")
    if sqlite:
        await connection.exec_driver_sql("PRAGMA analysis_limit=0")  # the pooled connection's


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
