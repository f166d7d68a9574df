"""Which process runs the scheduler: the holder of a PostgreSQL advisory lock.

The lock is held by a dedicated connection; if the holder dies its connection closes and
PostgreSQL releases the lock, so another replica takes over at its next attempt. The lock is
the pair (key, hash of the connection's schema): deployments on other schemas of the same
server (a staging copy, test runs) never block each other. On SQLite (one process by design)
the process is always the leader.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import Database

log = logging.getLogger("outarde.leader")
SCHEDULER_LOCK = 0x0_7A_4D_E5  # an arbitrary key, the same in every replica


class LeaderLock:
    """Try to become (and stay) the scheduler's leader."""

    def __init__(self, db: Database, key: int = SCHEDULER_LOCK) -> None:
        self.db = db
        self.key = key
        self._connection: AsyncConnection | None = None
        self.held = db.is_sqlite
        self.term = 0  # grows each time this process takes the lock: a new leadership

    async def ensure(self) -> bool:
        """True if this process leads now: keeps the lock, or tries to take it."""
        if self.db.is_sqlite:
            return True
        try:
            if self._connection is None:
                connection = await self.db.engine.connect()
                self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            if self.held:
                await self._connection.execute(text("SELECT 1"))
                return True
            result = await self._connection.execute(
                text("SELECT pg_try_advisory_lock(:key, hashtext(current_schema()))"),
                {"key": self.key},
            )
            self.held = bool(result.scalar())
            if self.held:
                self.term += 1
                log.info("scheduler leadership taken")
            return self.held
        except Exception:
            log.warning("scheduler leadership lost: database connection failed")
            await self._drop()
            return False

    async def release(self) -> None:
        """Give the lock back (a clean stop), so another replica takes over at once."""
        if self._connection is not None and self.held and not self.db.is_sqlite:
            try:
                await self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key, hashtext(current_schema()))"),
                    {"key": self.key},
                )
            except Exception:
                log.warning("could not release the scheduler lock; closing its connection")
        await self._drop()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        self.held = self.db.is_sqlite
        if connection is not None:
            try:
                await connection.close()
            except Exception:
                await connection.invalidate()
