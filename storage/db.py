"""The async engine and sessions: SQLite (WAL) by default, PostgreSQL when configured."""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import writes
from storage.models import every_table
from storage.sqlite_checkpoint import WalCheckpointer
from storage.sqlite_inline import inline_connector, inline_url

DEFAULT_SQLITE_PATH = Path("data") / "outarde.db"
SQLITE_TIMEOUT = 10.0  # seconds to wait for another process's write (`outarde db upgrade`…)


def database_url() -> str:
    """OUTARDE_DATABASE_URL, else a SQLite file under ./data/."""
    return os.environ.get("OUTARDE_DATABASE_URL") or f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"


def _commit_and_close(session: Session) -> None:
    try:
        session.commit()
    finally:
        session.close()  # rolls back what a failed commit left


class Database:
    """One engine and its session factory; ``session()`` is one transaction.

    SQLAlchemy's async context managers close in a task of their own, so that a cancellation
    cannot cut a close that waits on the network; each costs the event loop turns, and under
    a burst a turn is long. On SQLite (storage/sqlite_inline.py) closing never waits, so
    ``session`` and ``begin`` close in place there.
    """

    def __init__(self, url: str | None = None, *, search_path: str | None = None) -> None:
        self.url = url or database_url()
        self.search_path = search_path
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        options: dict[str, object] = {}
        self._sqlite: sqlite3.Connection | None = None  # SQLite: the pool's one connection
        self.checkpointer: WalCheckpointer | None = None  # a SQLite file's WAL checkpoints
        if self.is_sqlite:
            path = parsed.database or ":memory:"
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                self.checkpointer = WalCheckpointer(path)
                weakref.finalize(self, self.checkpointer.stop)
            # one connection that runs on the event loop: transactions queue in asyncio,
            # in order, and no call pays a thread hop (storage/sqlite_inline.py); a local
            # file cannot drop the connection, so there is no ping before each transaction;
            # its WAL is copied into the file by a thread (storage/sqlite_checkpoint.py)
            parsed = inline_url(parsed)
            connect = inline_connector(path, SQLITE_TIMEOUT, checkpoints=self.checkpointer is None)

            def creator() -> sqlite3.Connection:
                self._sqlite = connect()
                if self.checkpointer is not None:
                    self.checkpointer.start()
                return self._sqlite

            options.update(
                creator=creator,
                pool_size=1,
                max_overflow=0,
                pool_timeout=600,
            )
        else:
            options.update(pool_pre_ping=True, pool_size=20, max_overflow=20)
            if search_path:
                options["connect_args"] = {"server_settings": {"search_path": search_path}}
        self.engine = create_async_engine(parsed, **options)
        self._sessions = async_sessionmaker(
            self.engine,
            class_=AsyncSession,
            sync_session_class=writes.TrackedSession,
            expire_on_commit=False,
        )
        writes.track(self.engine.sync_engine)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error.

        The transaction begins with the first statement (no separate step to open it).
        """
        if not self.is_sqlite:
            async with self._sessions() as session:  # closing rolls back what is not committed
                yield session
                await session.commit()
            return
        session = self._sessions()
        try:
            yield session
        except BaseException:
            await session.close()  # rolls back what is not committed
            raise
        if session.sync_session.get_transaction() is None:
            return  # never used (a help answered from memory): nothing to commit or give back
        await session.run_sync(_commit_and_close)  # one step where there were two

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncConnection]:
        """A connection inside one transaction (Core statements): committed on success."""
        if not self.is_sqlite:
            async with self.engine.begin() as connection:
                yield connection
            return
        connection = await self.engine.connect()
        try:
            async with connection.begin():
                yield connection
        finally:
            await connection.close()

    def idle_sqlite(self) -> sqlite3.Connection | None:
        """SQLite: the one connection, when no transaction holds it; None otherwise (or on
        PostgreSQL). Statements run on it before the caller's next ``await`` cannot meet
        another transaction of this process: it is for a short write that must not wait
        for a turn of the loop (an inbox record on the ack's path, storage/inbox.py)."""
        connection, pool = self._sqlite, self.engine.sync_engine.pool
        if connection is None or pool.checkedout():  # type: ignore[attr-defined]
            return None
        try:
            return None if connection.in_transaction else connection
        except sqlite3.ProgrammingError:  # closed (the engine was disposed of)
            return None

    @staticmethod
    def wrote(session: AsyncSession) -> bool:
        """Whether the transaction of ``session`` changed anything (storage/writes.py)."""
        return writes.wrote(session.sync_session)

    def reopen(self) -> Database:
        """Another engine on the same database (a restart, another replica)."""
        return Database(self.url, search_path=self.search_path)

    async def create_all(self) -> None:
        """Create every table directly (tests); production uses the Alembic migrations."""
        async with self.engine.begin() as connection:
            await connection.run_sync(every_table().create_all)

    async def drop_all(self) -> None:
        """Drop every table (tests on a shared PostgreSQL database)."""
        async with self.engine.begin() as connection:
            await connection.run_sync(every_table().drop_all)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.checkpointer is not None:
            self.checkpointer.stop()
