"""Bounded memories with a time to live: requests already seen, values kept aside.

``SeenRequests`` and ``Stash`` are shared by every replica through the database (tables
``seen_request`` and ``stashed_value``); without a database they live in this process alone.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from storage.models.platform import SeenRequest, StashedValue

if TYPE_CHECKING:
    from storage.db import Database

log = logging.getLogger("outarde.slack")
Now = Callable[[], datetime]
PURGE_EVERY = timedelta(minutes=5)  # expired rows are deleted at most this often

V = TypeVar("V")


class TtlCache(Generic[V]):
    """At most ``size`` entries, each forgotten ``ttl`` seconds after it was stored."""

    def __init__(
        self, ttl: float, size: int = 10_000, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.size = size
        self.now = now
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()

    def _expire(self) -> None:
        now = self.now()
        while self._items:
            key, (expires, _) = next(iter(self._items.items()))
            if expires > now and len(self._items) <= self.size:
                break
            del self._items[key]

    def get(self, key: Hashable) -> V | None:
        self._expire()
        item = self._items.get(key)
        return item[1] if item else None

    def put(self, key: Hashable, value: V) -> None:
        self._items.pop(key, None)
        self._items[key] = (self.now() + self.ttl, value)
        self._expire()

    def __len__(self) -> int:
        self._expire()
        return len(self._items)


def wall_clock() -> datetime:
    return datetime.now(UTC)


class _Purger:
    """Deletes a table's expired rows now and then (every replica may: it is idempotent)."""

    def __init__(self, model: type[SeenRequest] | type[StashedValue]) -> None:
        self.model = model
        self.last: datetime | None = None

    async def maybe(self, db: Database, now: datetime) -> None:
        if self.last is not None and now - self.last < PURGE_EVERY:
            return
        self.last = now
        async with db.session() as session:
            await session.exec(delete(self.model).where(self.model.expires_at <= now))  # type: ignore[call-overload, arg-type]


def request_key(key: Hashable) -> str:
    """What identifies a request, as the same 64 characters in every process."""
    return hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).hexdigest()


class SeenRequests:
    """Request ids seen lately: a Slack retry or a replayed click is recognised and skipped.

    With a database, every replica records what it takes in ``seen_request`` (a unique key,
    a short expiry): a retry reaching another replica, or a restarted one, is skipped too.
    """

    def __init__(
        self,
        db: Database | None = None,
        *,
        ttl: float = 600.0,
        size: int = 20_000,
        now: Now = wall_clock,
    ) -> None:
        self.db = db
        self.ttl = ttl
        self.now = now
        self._seen: TtlCache[bool] = TtlCache(ttl, size)
        self._purger = _Purger(SeenRequest)

    async def first(self, key: Hashable, workspace: str = "", ttl: float | None = None) -> bool:
        """True the first time ``key`` is offered (within the time to live) by any replica."""
        if ttl is None and self._seen.get(key):
            return False
        if ttl is None:
            self._seen.put(key, True)
        if self.db is None:
            return True
        now = self.now()
        digest = request_key(key)
        row = SeenRequest(
            workspace=workspace, key=digest, expires_at=now + timedelta(seconds=ttl or self.ttl)
        )
        try:
            async with self.db.session() as session:
                stale = (SeenRequest.key == digest) & (SeenRequest.expires_at <= now)  # type: ignore[arg-type, operator]
                await session.exec(delete(SeenRequest).where(stale))  # type: ignore[call-overload]
                session.add(row)
            await self._purger.maybe(self.db, now)
        except IntegrityError:
            return False  # another replica (or this one, before a restart) took it
        except Exception:  # the database is unreachable: this process's memory decides
            log.warning("seen requests: database unavailable", exc_info=True)
        return True


class Stash:
    """Values too long to travel through Slack (button values, modal state), by token.

    ``keep`` hands out the token at once (rendering is synchronous); ``save`` then writes what
    was kept to the database, so every replica (and this one after a restart) finds it.
    """

    PREFIX = "~stash:"

    def __init__(
        self,
        db: Database | None = None,
        *,
        ttl: float = 24 * 3600.0,
        size: int = 5_000,
        now: Now = wall_clock,
    ) -> None:
        self.db = db
        self.ttl = ttl
        self.now = now
        self._values: TtlCache[str] = TtlCache(ttl, size)
        self._pending: list[tuple[str, str]] = []
        self._purger = _Purger(StashedValue)

    def keep(self, value: str) -> str:
        token = self.PREFIX + secrets.token_urlsafe(12)
        self._values.put(token, value)
        if self.db is not None:
            self._pending.append((token, value))
        return token

    async def save(self, workspace: str = "") -> None:
        """Write the values kept since the last save; on failure they stay in this process."""
        pending, self._pending = self._pending, []
        if not pending or self.db is None:
            return
        now = self.now()
        expires = now + timedelta(seconds=self.ttl)
        try:
            async with self.db.session() as session:
                for token, value in pending:
                    session.add(
                        StashedValue(
                            workspace=workspace, token=token, value=value, expires_at=expires
                        )
                    )
            await self._purger.maybe(self.db, now)
        except Exception:
            log.warning("stash: database unavailable, values kept here only", exc_info=True)

    async def take(self, token: str) -> str:
        """The kept value (still kept: a button may be pressed again); "" once forgotten."""
        if not token.startswith(self.PREFIX):
            return token
        known = self._values.get(token)
        if known is not None or self.db is None:
            return known or ""
        try:
            async with self.db.session() as session:
                alive = (StashedValue.token == token) & (StashedValue.expires_at > self.now())  # type: ignore[arg-type, operator]
                value = (await session.exec(select(StashedValue.value).where(alive))).first()
        except Exception:
            log.warning("stash: database unavailable", exc_info=True)
            return ""
        if value is not None:
            self._values.put(token, value)
        return value or ""
