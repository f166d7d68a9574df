"""SQLite without a worker thread: each call runs at once on the event loop.

aiosqlite hands every cursor call to a thread and back; for a local file with WAL and
``synchronous=NORMAL`` a call takes microseconds, and the two thread hops cost far more.
Outarde keeps one such connection per database (see storage.db), so its transactions queue
in asyncio instead of blocking the loop on SQLite's lock.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite


class _RunNow:
    """Stands in for aiosqlite's queue to its thread: runs each call as it is queued."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting caller, as the thread would
            if future is not None and not future.done():
                future.set_exception(error)
        else:
            if future is not None and not future.done():
                future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run directly instead of through its thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self):  # type: ignore[no-untyped-def]
        return self._connect().__await__()  # no thread to start


def inline_connector(path: str, timeout: float) -> Callable[[], Any]:
    """What ``create_async_engine(async_creator=…)`` calls to open a connection."""

    async def connect() -> InlineConnection:
        return await InlineConnection(
            lambda: sqlite3.connect(path, timeout=timeout, check_same_thread=False)
        )

    return connect
