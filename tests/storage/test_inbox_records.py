"""An inbox entry written at once on SQLite (storage/inbox.py ``record_now``): the same row
as the batch writer's, never while a transaction holds the connection, never on
PostgreSQL (its entries go through the batch writer)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from storage import inbox as store
from storage.models.inbox import InboxEntry

NOW = datetime(2026, 12, 3, 13, 30, 15, 123456, tzinfo=UTC)


def row(key: str) -> store.Row:
    return store.new_row("slack:T1", "U1", "command", key, '{"text": "aide é"}', "h1", NOW)


async def test_an_entry_written_at_once_reads_back_as_the_writers_do(db) -> None:  # type: ignore[no-untyped-def]
    if not db.is_sqlite:
        with pytest.raises(store.NotNow):
            store.record_now(db, row("now"))
        return
    [batched] = await store.record_many(db, [row("batched")])
    at_once = store.record_now(db, row("now"))
    assert at_once is not None and batched is not None and at_once != batched
    assert store.record_now(db, row("now")) is None  # a known key: a retry
    async with db.session() as session:
        entries = {e.key: e for e in (await session.exec(select(InboxEntry))).all()}
    assert set(entries) == {"batched", "now"}
    now, writer = entries["now"].model_dump(), entries["batched"].model_dump()
    for entry in (now, writer):
        del entry["id"], entry["key"]
    assert now == writer and now["received_at"] == NOW and now["status"] == "pending"


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
async def test_no_entry_is_written_at_once_while_a_transaction_holds_the_connection(db) -> None:  # type: ignore[no-untyped-def]
    store.record_now(db, row("first"))  # the connection exists and is free
    async with db.session() as session:
        await session.exec(select(InboxEntry.id))
        with pytest.raises(store.NotNow):
            store.record_now(db, row("during"))
    assert store.record_now(db, row("after")) is not None
    async with db.session() as session:
        keys = set((await session.exec(select(InboxEntry.key))).all())
    assert keys == {"first", "after"}
