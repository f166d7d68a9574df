"""Whether a session's transaction wrote (storage/writes.py), on SQLite and PostgreSQL: a
wrong « nothing written » would settle an inbox entry apart from the changes it made."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import col, select, update

from storage.db import Database
from storage.models import Setting


async def test_a_session_that_ran_nothing_or_only_read_wrote_nothing(db: Database) -> None:
    async with db.session() as session:
        assert not db.wrote(session)
        await session.exec(select(Setting).where(Setting.workspace == "w"))
        await session.exec(text("  select 1"))  # type: ignore[call-overload]
        assert not db.wrote(session)


async def test_every_kind_of_write_is_seen(db: Database) -> None:
    async with db.session() as session:
        session.add(Setting(workspace="w", name="langue", value='"fr"'))
        assert db.wrote(session)  # not flushed yet
    async with db.session() as session:
        await session.exec(  # type: ignore[call-overload]
            update(Setting).where(col(Setting.workspace) == "w").values(value='"en"')
        )
        assert db.wrote(session)
    async with db.session() as session:
        await session.exec(text("DELETE FROM setting WHERE workspace = 'nobody'"))  # type: ignore[call-overload]
        assert db.wrote(session)  # even when it changed no row: a write was asked
    async with db.session() as session:
        row = (await session.exec(select(Setting).where(Setting.workspace == "w"))).one()
        row.value = '"fr"'
        assert db.wrote(session)  # changed in memory, written at the commit


async def test_each_transaction_starts_unwritten(db: Database) -> None:
    async with db.session() as session:
        session.add(Setting(workspace="w2", name="langue", value='"fr"'))
        await session.flush()
        assert db.wrote(session)
    async with db.session() as session:  # the same pooled connection, a new transaction
        await session.exec(select(Setting))
        assert not db.wrote(session)
