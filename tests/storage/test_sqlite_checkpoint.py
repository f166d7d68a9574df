"""The WAL of a SQLite file is copied into the file by a thread, never by a COMMIT on the
event loop (storage/sqlite_checkpoint.py)."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from storage.db import Database

on_sqlite = pytest.mark.parametrize("db", ["sqlite"], indirect=True)
ROWS = 400


def rows_in_file(path: str) -> int:
    """Rows of ``probe`` in the database file itself, ignoring what only the WAL holds."""
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM probe").fetchone()[0])
    except sqlite3.OperationalError:  # the table itself is still in the WAL only
        return 0
    finally:
        connection.close()


async def write_rows(db: Database) -> None:
    async with db.begin() as connection:
        await connection.exec_driver_sql("CREATE TABLE probe (id INTEGER PRIMARY KEY, x TEXT)")
    for number in range(ROWS):
        async with db.begin() as connection:
            await connection.exec_driver_sql("INSERT INTO probe (x) VALUES (?)", (f"{number}",))


@on_sqlite
async def test_the_loop_connection_never_checkpoints(db: Database) -> None:
    async with db.begin() as connection:
        result = await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")
        assert result.scalar_one() == 0


@on_sqlite
async def test_commits_reach_the_file_through_the_thread(db: Database) -> None:
    path = db.engine.url.database
    assert path and db.checkpointer is not None
    await write_rows(db)
    for _ in range(100):  # the thread checkpoints every half second
        if rows_in_file(path) == ROWS:
            break
        await asyncio.sleep(0.05)
    assert rows_in_file(path) == ROWS
    assert db.checkpointer.checkpoints >= 1


@on_sqlite
async def test_dispose_stops_the_thread_and_a_new_connection_restarts_it(db: Database) -> None:
    await write_rows(db)
    assert db.checkpointer is not None and db.checkpointer.running
    await db.dispose()
    assert not db.checkpointer.running
    assert rows_in_file(db.engine.url.database or "") == ROWS  # the last checkpoint
    async with db.begin() as connection:
        await connection.exec_driver_sql("SELECT 1")
    assert db.checkpointer.running


async def test_a_database_in_memory_has_no_thread() -> None:
    memory = Database("sqlite+aiosqlite:///:memory:")
    try:
        async with memory.begin() as connection:
            result = await connection.exec_driver_sql("PRAGMA wal_autocheckpoint")
            assert result.scalar_one() > 0
        assert memory.checkpointer is None
    finally:
        await memory.dispose()
