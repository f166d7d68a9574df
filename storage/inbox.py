"""All the SQL of the inbox (bot/inbox.py): record, settle, renew, take over, prune.

Every change of a row's owner or status is a conditional UPDATE (compare-and-set), as for the
``job`` table: of two processes offering the same change, exactly one sees a row changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.db import Database
from storage.models.inbox import InboxEntry

# one statement, compiled once: the rows come as parameters (Core, no ORM unit of work)
_TABLE: Any = InboxEntry.__table__  # type: ignore[attr-defined]
# each new row's id comes back with its key (unique): no order to keep, so the rows go in one
# statement instead of one each
_INSERT = insert(_TABLE).returning(_TABLE.c.id, _TABLE.c.key)
_SETTLE = (
    _TABLE.update()
    .where(
        _TABLE.c.id == bindparam("entry_id"),
        _TABLE.c.status == "pending",
        _TABLE.c.holder == bindparam("owner"),
    )
    .values(status=bindparam("new_status"))
)
_SETTLE_MANY = (
    _TABLE.update()
    .where(
        _TABLE.c.id.in_(bindparam("entry_ids", expanding=True)),
        _TABLE.c.status == "pending",
        _TABLE.c.holder == bindparam("owner"),
    )
    .values(status="done")
    .returning(_TABLE.c.id)
)


Row = dict[str, Any]  # an entry's columns (no id): what ``new_row`` makes


def new_row(
    workspace: str, person: str, kind: str, key: str, payload: str, holder: str, now: datetime
) -> Row:
    """The columns of a new pending entry (plain values: no model to build on the ack's path)."""
    return {
        "workspace": workspace[:200],
        "person": person[:100],
        "kind": kind,
        "key": key,
        "payload": payload,
        "status": "pending",
        "holder": holder,
        "leased_at": now,
        "received_at": now,
        "attempts": 0,
    }


async def record_many(db: Database, rows: list[Row]) -> list[int | None]:
    """Store new entries in one transaction; each one's id, or None for a known key.

    When a key is known (rare: a platform's retry), the batch is rolled back and each entry
    is stored in a transaction of its own, so the others are still stored."""
    try:
        async with db.begin() as connection:
            result = await connection.execute(_INSERT, rows)
            ids = {key: int(entry_id) for entry_id, key in result.all()}
    except IntegrityError:
        if len(rows) == 1:
            return [None]
        return [(await record_many(db, [row]))[0] for row in rows]
    return [ids[row["key"]] for row in rows]


class NotNow(Exception):
    """The entry cannot be written at once (the connection is in use, another process
    writes, the database failed): it goes through ``record_many``, which tells why."""


def record_now(db: Database, row: Row) -> int | None:
    """SQLite, when its connection is free: store one entry in a transaction of its own,
    now, without giving the loop a turn; its id, or None for a known key. Raises NotNow
    otherwise. Under a burst, a turn of the loop is long: an ack that waits for the next
    batch's turn waits for the parsing of every request that came meanwhile."""
    connection = db.idle_sqlite()
    if connection is None:
        raise NotNow
    statement, columns = _insert_one(db.engine.sync_engine.dialect)
    parameters = [row[name] if to_sql is None else to_sql(row[name]) for name, to_sql in columns]
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:  # another process holds the write lock
        raise NotNow from error
    try:
        ((entry_id,),) = connection.execute(statement, parameters).fetchall()
        connection.execute("COMMIT")
    except sqlite3.IntegrityError:
        connection.execute("ROLLBACK")
        return None
    except sqlite3.Error as error:  # the batch writer meets it again, and says so
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise NotNow from error
    return int(entry_id)


@lru_cache(maxsize=4)  # one per dialect in use
def _insert_one(dialect: Dialect) -> tuple[str, list[tuple[str, Callable[[Any], Any] | None]]]:
    """The one-row INSERT … RETURNING id as SQLAlchemy renders it for ``dialect``, and each
    parameter's column with its conversion (the instants' text, as every other write)."""
    names = list(new_row("", "", "", "", "", "", datetime.min))  # the columns, in order
    compiled = insert(_TABLE).returning(_TABLE.c.id).compile(dialect=dialect, column_keys=names)
    order = compiled.positiontup or []
    return str(compiled), [(name, _TABLE.c[name].type.bind_processor(dialect)) for name in order]


async def settle(session: AsyncSession, entry_id: int, holder: str, status: str = "done") -> bool:
    """In the command's own transaction: mark it ``status`` if ``holder`` still owns it.

    The UPDATE locks the row until that transaction ends, so a takeover waits for it and then
    finds the row settled; False when another process took the entry over. It runs on the
    session's connection (Core, compiled once, one step): every command pays for it."""
    return await session.run_sync(_settle_in, entry_id, holder, status)


def _settle_in(session: Session, entry_id: int, holder: str, status: str) -> bool:
    parameters = {"entry_id": entry_id, "owner": holder, "new_status": status}
    return bool(session.connection().execute(_SETTLE, parameters).rowcount)


async def settle_many(db: Database, entry_ids: list[int], holder: str) -> list[bool]:
    """Mark ``done``, in one transaction, entries whose work changed nothing (a help, a
    list, a refusal); for each, whether ``holder`` still owned it."""
    async with db.begin() as connection:
        result = await connection.execute(_SETTLE_MANY, {"entry_ids": entry_ids, "owner": holder})
        settled = set(result.scalars().all())
    return [entry_id in settled for entry_id in entry_ids]


async def finish(db: Database, entry_id: int, holder: str, status: str) -> bool:
    """Mark one entry ``status`` (``failed``: given up) in a transaction of its own; False
    when another process owns it. Entries done are settled together (``settle_many``)."""
    async with db.session() as session:
        return await settle(session, entry_id, holder, status)


async def renew(db: Database, holder: str, ids: Iterable[int], now: datetime) -> None:
    """Extend ``holder``'s lease on its pending entries ``ids``."""
    wanted = list(ids)
    if not wanted:
        return
    async with db.session() as session:
        await session.exec(  # type: ignore[call-overload]
            update(InboxEntry)
            .where(
                col(InboxEntry.id).in_(wanted),
                col(InboxEntry.status) == "pending",
                col(InboxEntry.holder) == holder,
            )
            .values(leased_at=now)
        )


async def take_over(
    db: Database,
    holder: str,
    now: datetime,
    stale_before: datetime,
    limit: int,
    kinds: Iterable[str] | None = None,
) -> list[InboxEntry]:
    """Claim up to ``limit`` pending entries of other processes whose lease is older than
    ``stale_before`` (of ``kinds`` only, when given: a platform's own), oldest first; the
    entries this process now owns."""
    if limit <= 0:
        return []
    orphan = (
        (col(InboxEntry.status) == "pending")
        & (col(InboxEntry.holder) != holder)
        & (col(InboxEntry.leased_at) <= stale_before)
    )
    if kinds is not None:
        orphan = orphan & col(InboxEntry.kind).in_(sorted(kinds))
    async with db.session() as session:
        found = (
            await session.exec(
                select(InboxEntry.id).where(orphan).order_by(col(InboxEntry.id)).limit(limit)
            )
        ).all()
        if not found:
            return []
        claim = (
            update(InboxEntry)
            .where(col(InboxEntry.id).in_(list(found)), orphan)
            .values(holder=holder, leased_at=now, attempts=col(InboxEntry.attempts) + 1)
            .returning(col(InboxEntry.id))
        )
        claimed = list((await session.exec(claim)).scalars().all())  # type: ignore[call-overload]
        if not claimed:
            return []
        rows = (await session.exec(select(InboxEntry).where(col(InboxEntry.id).in_(claimed)))).all()
    return sorted(rows, key=lambda row: row.id or 0)


async def prune(db: Database, before: datetime) -> int:
    """Delete settled entries received before ``before`` (their keys are no longer needed
    to recognise a retry); how many."""
    async with db.session() as session:
        result = await session.exec(  # type: ignore[call-overload]
            delete(InboxEntry).where(
                col(InboxEntry.status) != "pending", col(InboxEntry.received_at) < before
            )
        )
    return int(result.rowcount or 0)


async def pending_count(db: Database) -> int:
    """How many entries wait (tests, health)."""
    async with db.session() as session:
        rows = await session.exec(select(InboxEntry.id).where(col(InboxEntry.status) == "pending"))
        return len(rows.all())
