"""SQLite without a worker thread: each call runs at once on the event loop.

aiosqlite hands every cursor call to a thread and back; for a local file with WAL and
``synchronous=NORMAL`` a call takes microseconds, and the thread hops (or, run inline,
the awaits and greenlet switches around each cursor call) cost far more than the call.
This dialect gives the async engine the standard ``sqlite3`` connection itself: a
statement runs directly inside SQLAlchemy's greenlet, and only waiting for the one pooled
connection (storage.db keeps one per database) goes through asyncio, so transactions
queue in asyncio, in order, instead of blocking the loop on SQLite's lock.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Generator
from typing import Any

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine.url import URL
from sqlalchemy.util.concurrency import await_

DRIVER = "inline"
LOCK_POLL = 0.02  # seconds between two attempts to take the write lock held by another process


class _Ready:
    """An awaitable that is already done: awaiting it never gives the loop a turn."""

    def __await__(self) -> Generator[Any, None, None]:
        return iter(())


_READY = _Ready()


class _Cursor(sqlite3.Cursor):
    """A ``sqlite3`` cursor that the asyncio result wrapper can close: nothing to await."""

    async def _async_soft_close(self) -> None:
        return None


class _Connection(sqlite3.Connection):
    """A ``sqlite3`` connection whose cursors are ``_Cursor``; ``lock_timeout`` is how long
    a transaction waits (without blocking the loop) for another process's write lock."""

    lock_timeout: float = 0.0

    def cursor(self, factory: Any = _Cursor) -> sqlite3.Cursor:
        return super().cursor(factory)


class InlineSQLiteDialect(SQLiteDialect_pysqlite):
    """pysqlite for ``create_async_engine``: its calls never wait on I/O.

    Transactions start with BEGIN IMMEDIATE, so concurrent writers queue instead of
    failing to upgrade a read lock. While another process holds the write lock, the attempt
    is repeated with asyncio sleeps in between (SQLite's own busy wait would block the event
    loop: no ack, no /healthz); after the connection's ``lock_timeout`` it fails with
    « database is locked », which the core answers as an outage.
    """

    driver = DRIVER
    is_async = True
    supports_statement_cache = True

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        return pool.AsyncAdaptedQueuePool

    def do_begin(self, dbapi_connection: Any) -> None:
        deadline = time.monotonic() + getattr(dbapi_connection, "lock_timeout", 0.0)
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() >= deadline:
                    raise
            await_(asyncio.sleep(LOCK_POLL))

    # SQLAlchemy's asyncio layer checks that a statement awaited something
    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        await_(_READY)
        cursor.execute(statement, parameters)

    def do_execute_no_params(self, cursor: Any, statement: str, context: Any = None) -> None:
        await_(_READY)
        cursor.execute(statement)

    def do_executemany(
        self, cursor: Any, statement: str, parameters: Any, context: Any = None
    ) -> None:
        await_(_READY)
        cursor.executemany(statement, parameters)


registry.register(f"sqlite.{DRIVER}", __name__, InlineSQLiteDialect.__name__)


def inline_url(url: URL) -> URL:
    """The same SQLite database, opened through this dialect."""
    return url.set(drivername=f"sqlite+{DRIVER}")


def inline_connector(
    path: str, timeout: float, *, checkpoints: bool = True
) -> Callable[[], sqlite3.Connection]:
    """What ``create_async_engine(creator=…)`` calls: WAL, foreign keys, and a wait for
    another process's lock that gives the event loop its turns (``do_begin``); SQLite's own
    busy wait is kept for the first statements only (opening, WAL mode). ``checkpoints``
    False: no COMMIT copies the log into the file (storage/sqlite_checkpoint.py does)."""

    def connect() -> _Connection:
        connection = sqlite3.connect(
            path,
            timeout=timeout,
            isolation_level=None,
            check_same_thread=False,
            factory=_Connection,
        )
        assert isinstance(connection, _Connection)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA busy_timeout=0")
        connection.lock_timeout = timeout
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        if not checkpoints:
            connection.execute("PRAGMA wal_autocheckpoint=0")
        return connection

    return connect
