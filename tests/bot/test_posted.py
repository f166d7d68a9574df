"""Where keyed messages were posted: many writes share a transaction, none is lost."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from sqlmodel import func, select

from bot.context import Place
from bot.posted import PostedMessages
from storage.db import Database
from storage.models import PostedMessage


def counting(db: Database, fail_first: bool = False) -> list[int]:
    """Count the transactions ``db`` opens; optionally the first one fails."""
    opened = [0]
    session = db.session

    @contextlib.asynccontextmanager
    async def counted() -> AsyncIterator[object]:
        opened[0] += 1
        if fail_first and opened[0] == 1:
            raise ConnectionError("database unreachable")
        async with session() as inner:
            yield inner

    db.session = counted  # type: ignore[method-assign]
    return opened


async def stored(db: Database) -> int:
    async with db.reopen().session() as session:
        return (await session.exec(select(func.count()).select_from(PostedMessage))).one()


async def test_two_hundred_posts_at_once_share_a_few_transactions(db) -> None:  # type: ignore[no-untyped-def]
    posted = PostedMessages(db)
    opened = counting(db)
    places = [Place("console", f"t{n % 3}", f"c{n}") for n in range(200)]
    await asyncio.gather(*(posted.save(p, f"k{n}", f"r{n}") for n, p in enumerate(places)))
    assert await stored(db) == 200
    assert opened[0] <= 3  # the first alone, then everything that queued meanwhile
    fresh = PostedMessages(db.reopen())
    assert await fresh.find(places[7], "k7") == ("c7", "r7")
    assert await fresh.find(places[7], "k8") is None  # k8 belongs to another workspace


async def test_a_failed_write_is_retried_by_the_next_one(db) -> None:  # type: ignore[no-untyped-def]
    posted = PostedMessages(db)
    counting(db, fail_first=True)
    place = Place("console", "t1", "general")
    with pytest.raises(ConnectionError):
        await posted.save(place, "first", "r1")
    await posted.save(place, "second", "r2")
    assert await stored(db) == 2
