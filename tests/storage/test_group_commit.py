"""Group commit (storage/group_commit.py): concurrent inbox records share one transaction,
each request learns of its record only once it is committed, a failure fails its batch alone."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import col, select

from bot.inbox import Inbox, Ticket
from storage.group_commit import GroupCommit
from storage.models.inbox import InboxEntry
from testkit.fixtures import TEST_LIMITS


async def test_concurrent_records_are_all_committed_in_fewer_transactions(db) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(db, TEST_LIMITS)
    tickets = [inbox.admit("slack:T1", f"U{n}") for n in range(40)]
    assert all(isinstance(ticket, Ticket) for ticket in tickets)
    firsts = await asyncio.gather(
        *(inbox.record(t, "command", f"k{n}", {"n": n}) for n, t in enumerate(tickets))  # type: ignore[arg-type]
    )
    assert firsts == [True] * 40
    assert inbox.records.batches < 10  # not one transaction per record
    async with db.session() as session:
        rows = (await session.exec(select(InboxEntry).order_by(col(InboxEntry.id)))).all()
    assert sorted(row.id for row in rows) == sorted(t.entry_id for t in tickets)  # type: ignore[union-attr]
    by_id = {row.id: row for row in rows}
    assert [by_id[t.entry_id].person for t in tickets] == [f"U{n}" for n in range(40)]  # type: ignore[union-attr]
    for ticket in tickets:
        inbox.release(ticket)  # type: ignore[arg-type]
    await inbox.drain()


async def test_a_retry_in_a_batch_is_recognised_and_the_others_are_stored(db) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(db, TEST_LIMITS)
    keys = ["a", "b", "a", "c"]  # « a » twice at once: Slack's retry racing the first
    tickets = [inbox.admit("slack:T1", f"U{n}") for n in range(len(keys))]
    firsts = await asyncio.gather(
        *(inbox.record(t, "command", k, {}) for t, k in zip(tickets, keys, strict=True))  # type: ignore[arg-type]
    )
    assert firsts == [True, True, False, True]
    async with db.session() as session:
        assert len((await session.exec(select(InboxEntry))).all()) == 3
    for ticket in tickets:
        inbox.release(ticket)  # type: ignore[arg-type]
    await inbox.drain()


async def test_each_caller_hears_only_after_its_batch_committed() -> None:
    committed: list[int] = []
    release = asyncio.Event()

    async def write(items: list[int]) -> list[int]:
        await release.wait()  # the transaction takes its time
        committed.extend(items)
        return [item * 10 for item in items]

    group: GroupCommit[int, int] = GroupCommit(write)
    heard: list[tuple[int, list[int]]] = []

    async def submit(item: int) -> None:
        result = await group.submit(item)
        heard.append((result, list(committed)))

    tasks = [asyncio.create_task(submit(n)) for n in range(5)]
    await asyncio.sleep(0.01)
    assert heard == []  # nobody hears before the commit
    release.set()
    await asyncio.gather(*tasks)
    assert sorted(result for result, _ in heard) == [0, 10, 20, 30, 40]
    assert all(result // 10 in seen for result, seen in heard)
    assert group.batches == 1


async def test_a_failure_fails_only_its_batch() -> None:
    batches: list[list[str]] = []

    async def write(items: list[str]) -> list[str]:
        batches.append(items)
        if len(batches) == 1:
            raise ConnectionError("database unavailable")
        return items

    group: GroupCommit[str, str] = GroupCommit(write)
    first = await asyncio.gather(*(group.submit(x) for x in "ab"), return_exceptions=True)
    assert all(isinstance(result, ConnectionError) for result in first)
    assert await asyncio.gather(*(group.submit(x) for x in "cd")) == ["c", "d"]
    assert batches == [["a", "b"], ["c", "d"]]


async def test_a_caller_that_stops_waiting_leaves_its_item_written() -> None:
    written: list[str] = []
    release = asyncio.Event()

    async def write(items: list[str]) -> list[str]:
        await release.wait()
        written.extend(items)
        return items

    group: GroupCommit[str, str] = GroupCommit(write)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(group.submit("late"), 0.01)
    release.set()
    assert await group.submit("next") == "next"
    assert written == ["late", "next"]
