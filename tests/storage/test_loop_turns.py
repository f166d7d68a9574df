"""Under a burst, every turn of the event loop runs every request that is ready, so a step
that needs several turns waits several times for all the others. These tests count turns:
on SQLite an inbox record is stored before ``record`` returns when nothing holds the
connection; otherwise it reaches its request one turn after its batch committed; and a
SQLite transaction gives the loop no turn at all (storage/db.py, storage/sqlite_inline.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from sqlmodel import select

from bot.inbox import Inbox, Ticket
from storage import inbox as store
from storage.models.inbox import InboxEntry
from testkit.fixtures import TEST_LIMITS, sqlite_database


class Turns:
    """Counts the turns of the event loop while it runs."""

    def __init__(self) -> None:
        self.count = 0

    async def _tick(self) -> None:
        while True:
            self.count += 1
            await asyncio.sleep(0)


@asynccontextmanager
async def counting() -> AsyncIterator[Turns]:
    turns = Turns()
    ticker = asyncio.create_task(turns._tick())
    await asyncio.sleep(0)  # the ticker runs from now on
    try:
        yield turns
    finally:
        ticker.cancel()


async def test_a_sqlite_transaction_gives_the_loop_no_turn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = await sqlite_database(tmp_path)
    now = datetime.now(UTC)
    try:
        async with counting() as turns:
            before = turns.count
            [entry_id] = await store.record_many(
                db, [store.new_row("slack:T1", "U1", "command", "k1", "{}", "h1", now)]
            )
            async with db.session() as session:
                assert entry_id is not None
                assert await store.settle(session, entry_id, "h1")
            async with db.session() as session:
                [status] = (await session.exec(select(InboxEntry.status))).all()
            seen = turns.count - before
        assert status == "done"
        assert seen == 0
    finally:
        await db.dispose()


async def test_a_record_reaches_its_request_one_turn_after_its_commit(db) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(db, TEST_LIMITS)
    ticket = inbox.admit("slack:T1", "U1")
    assert isinstance(ticket, Ticket)
    held = await db.engine.connect()  # SQLite: its one connection in use, the record waits
    await held.begin()
    async with counting() as turns:
        committed_at: list[int] = []
        write = inbox.records.write

        async def noted(rows):  # type: ignore[no-untyped-def]
            ids = await write(rows)
            committed_at.append(turns.count)
            return ids

        inbox.records.write = noted
        recording = inbox.record(ticket, "command", "k1", {"n": 1})
        await held.rollback()
        await held.close()
        await recording.within(5.0)
        woke_at = turns.count
    assert recording.stored.result() is True and ticket.entry_id is not None
    assert len(committed_at) == 1 and woke_at - committed_at[0] <= 1
    inbox.release(ticket)
    await inbox.drain()


async def test_a_sqlite_record_is_stored_before_record_returns(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = await sqlite_database(tmp_path)
    inbox = Inbox(db, TEST_LIMITS)
    try:
        first, again = inbox.admit("slack:T1", "U1"), inbox.admit("slack:T1", "U2")
        assert isinstance(first, Ticket) and isinstance(again, Ticket)
        async with counting() as turns:
            before = turns.count
            recording = inbox.record(first, "command", "k1", {"n": 1})
            assert recording.stored.done() and recording.stored.result() is True
            repeat = inbox.record(again, "command", "k1", {"n": 1})  # a retry, known at once
            assert repeat.stored.done() and repeat.stored.result() is False
            await recording.within(5.0)
            seen = turns.count - before
        assert seen == 0 and inbox.records.batches == 0
        assert first.entry_id is not None and again.entry_id is None
        for ticket in (first, again):
            inbox.release(ticket)
        await inbox.drain()
    finally:
        await db.dispose()
