"""Bounded memories with a time to live: requests already seen, values kept aside."""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

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


class SeenRequests:
    """Request ids seen lately: a Slack retry or a replayed click is recognised and skipped.

    One process only; across replicas the database's per-person uniqueness keeps counts exact.
    """

    def __init__(self, ttl: float = 600.0, size: int = 20_000) -> None:
        self._seen: TtlCache[bool] = TtlCache(ttl, size)

    def first(self, key: Hashable) -> bool:
        """True the first time ``key`` is offered (within the time to live), False after."""
        if self._seen.get(key):
            return False
        self._seen.put(key, True)
        return True


class Stash:
    """Values too long to travel through Slack (button values, modal state), by token."""

    PREFIX = "~stash:"

    def __init__(self, ttl: float = 24 * 3600.0, size: int = 5_000) -> None:
        self._values: TtlCache[str] = TtlCache(ttl, size)

    def keep(self, value: str) -> str:
        token = self.PREFIX + secrets.token_urlsafe(12)
        self._values.put(token, value)
        return token

    def take(self, token: str) -> str:
        """The kept value (still kept: a button may be pressed again); "" once forgotten."""
        if not token.startswith(self.PREFIX):
            return token
        return self._values.get(token) or ""
