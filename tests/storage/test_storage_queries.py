"""Storage helpers: rows inserted without the ORM flush, and the SQLite connection."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, text
from sqlmodel import select

from storage.db import Database
from storage.models import Job, Setting
from storage.queries import add_row, insert_rows

NOW = datetime(2026, 10, 31, 13, 0, tzinfo=UTC)


def job(key: str) -> Job:
    return Job(workspace="w", channel="c", kind="k", key=key, due_at=NOW)


async def test_an_added_row_gets_its_id_and_later_changes_are_updates(any_db: Database) -> None:
    async with any_db.session() as session:
        first, second = await add_row(session, job("1")), await add_row(session, job("2"))
        assert first.id is not None and second.id == first.id + 1
        assert first.status == "pending"  # the model's default was written
        first.status = "done"
        await session.flush()
    async with any_db.session() as session:
        rows = (await session.exec(select(Job).order_by(Job.id))).all()  # type: ignore[arg-type]
    assert [(row.key, row.status) for row in rows] == [("1", "done"), ("2", "pending")]


async def test_inserted_rows_are_all_written_in_the_transaction(any_db: Database) -> None:
    async with any_db.session() as session:
        await insert_rows(session, [job(str(n)) for n in range(5)])
        await insert_rows(session, [])
    async with any_db.session() as session:
        assert (await session.exec(select(func.count()).select_from(Job))).one() == 5


async def test_sqlite_connection_is_wal_with_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'pragmas.db'}")
    async with db.engine.connect() as connection:
        mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
        keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
    await db.dispose()
    assert (mode, keys) == ("wal", 1)


async def test_sqlite_transactions_queue_and_lose_no_write(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Read-then-write transactions started together each see the previous one's write."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'queue.db'}")
    await db.create_all()
    async with db.session() as session:
        session.add(Setting(workspace="w", name="n", value="0"))

    async def increment() -> None:
        async with db.session() as session:
            setting = (await session.exec(select(Setting))).one()
            await asyncio.sleep(0)  # let the others try to start meanwhile
            setting.value = str(int(setting.value) + 1)
            session.add(setting)

    await asyncio.gather(*(increment() for _ in range(30)))
    async with db.session() as session:
        assert (await session.exec(select(Setting.value))).one() == "30"
    await db.dispose()
