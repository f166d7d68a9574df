"""Where keyed messages were posted (``PostedMessage``), so they can be updated in place.

Reads go through a short-lived cache. Writes made by many commands at once share
transactions (a group commit): each caller returns once its reference is stored, but a
burst of 200 posts costs a few transactions instead of 200.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlmodel import col, select

from bot.context import Place
from storage.db import Database
from storage.models import Outbox, PostedMessage
from storage.queries import upsert

TTL = 60.0  # seconds a replica trusts where a keyed message was posted
CACHE_LIMIT = 50_000  # entries an in-memory cache keeps before starting afresh
Key = tuple[str, str]  # (workspace id, message key)
KEYS, UPDATED = ["workspace", "key"], ["channel", "ref"]


def _row(key: Key, channel: str, ref: str) -> dict[str, str]:
    return {"workspace": key[0], "key": key[1], "channel": channel, "ref": ref}


class PostedMessages:
    """The table of posted messages, with a cache and grouped writes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[Key, tuple[str, str, float]] = {}
        self._pending: dict[Key, tuple[str, str]] = {}
        self._writing = asyncio.Lock()

    def _remember(self, key: Key, channel: str, ref: str) -> None:
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = (channel, ref, time.monotonic() + TTL)

    async def record(self, session: Any, place: Place, key: str, ref: str) -> None:
        """Store where ``key`` was posted, inside the caller's transaction."""
        self._remember((place.workspace_id, key), place.channel, ref)
        await upsert(
            session,
            PostedMessage,
            _row((place.workspace_id, key), place.channel, ref),
            KEYS,
            UPDATED,
        )

    async def save(self, place: Place, key: str, ref: str) -> None:
        """Store where ``key`` was posted; returns once it is committed (maybe with others)."""
        entry = (place.workspace_id, key)
        self._remember(entry, place.channel, ref)
        self._pending[entry] = (place.channel, ref)
        async with self._writing:
            await asyncio.sleep(0)  # one turn of the loop: the posts made meanwhile join in
            if not self._pending:
                return  # the previous writer took ours with its batch, and committed it
            batch, self._pending = self._pending, {}
            try:
                async with self.db.session() as session:
                    rows = [_row(k, channel, r) for k, (channel, r) in batch.items()]
                    await upsert(session, PostedMessage, rows, KEYS, UPDATED)
            except BaseException:
                self._pending = batch | self._pending  # the next writer tries them again
                raise

    async def find(self, place: Place, key: str) -> tuple[str, str] | None:
        """(channel, ref) of the message ``key`` in this workspace, or None."""
        entry = (place.workspace_id, key)
        known = self._cache.get(entry)
        if known is not None and known[2] >= time.monotonic():
            return known[0], known[1]
        async with self.db.session() as session:
            statement = select(PostedMessage).where(
                PostedMessage.workspace == place.workspace_id, PostedMessage.key == key
            )
            posted = (await session.exec(statement)).first()
        if posted is None:
            return None
        self._remember(entry, posted.channel, posted.ref)
        return posted.channel, posted.ref

    async def refs(self, workspace: str) -> list[str]:
        """Every platform reference stored for ``workspace``: keyed posts and sent messages
        (an adapter numbering its own references starts after them)."""
        async with self.db.session() as session:
            keyed = select(PostedMessage.ref).where(PostedMessage.workspace == workspace)
            sent = select(Outbox.ref).where(
                Outbox.workspace == workspace, col(Outbox.ref).is_not(None)
            )
            found = [*(await session.exec(keyed)).all(), *(await session.exec(sent)).all()]
        return [ref for ref in found if ref]
