"""Workspaces that left: uninstalled Outarde, or revoked its tokens.

A departed workspace receives nothing more: the scheduler and the outbox skip its work (it
stays pending, and runs if the workspace comes back). Its data is kept ``KEEP`` (30 days)
after it left, so a reinstall finds everything; a coordinator can export it
(``/outarde donnees exporter``) and erase it (``/outarde donnees effacer``), and an operator
can do both from the command line once it has left (``outarde espaces liste|exporter|effacer``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, Table
from sqlalchemy import delete as table_delete
from sqlalchemy import select as table_select
from sqlmodel import col, delete, select

from storage.db import Database
from storage.models import every_table
from storage.models.core import Workspace
from storage.models.installations import Departure
from storage.queries import upsert

KEEP = timedelta(days=30)
NOT_EXPORTED = {"oauth_state"}  # states in flight belong to no workspace
SECRET_COLUMNS = {"sealed_token", "sealed_refresh_token"}  # never leave the database


def departed() -> Select[Any]:
    """The ids of the workspaces that left (a subquery for ``not_in``)."""
    return table_select(col(Departure.workspace))


async def leave(db: Database, workspace: str, reason: str, now: datetime) -> None:
    """The workspace left: stop posting there; keep its data until ``now + KEEP``."""
    values = {"workspace": workspace, "reason": reason[:40], "left_at": now,
              "erase_after": now + KEEP}  # fmt: skip
    async with db.session() as session:
        await upsert(session, Departure, values, ["workspace"], ["reason", "left_at",
                                                                 "erase_after"])  # fmt: skip


async def come_back(session: Any, workspace: str) -> None:
    """The workspace installed Outarde again: its work resumes."""
    await session.exec(delete(Departure).where(col(Departure.workspace) == workspace))


async def departure_of(db: Database, workspace: str) -> Departure | None:
    async with db.session() as session:
        statement = select(Departure).where(col(Departure.workspace) == workspace)
        return (await session.exec(statement)).first()


async def all_departed(db: Database) -> list[Departure]:
    async with db.session() as session:
        statement = select(Departure).order_by(col(Departure.left_at))
        return list((await session.exec(statement)).all())


def _tables() -> list[tuple[Table, str]]:
    """Every table holding a workspace's rows, parents first, with its workspace column."""
    found = []
    for table in every_table().sorted_tables:
        if table.name in NOT_EXPORTED:
            continue
        if table.name == Workspace.__tablename__:
            found.append((table, "id"))
        elif "workspace" in table.c:
            found.append((table, "workspace"))
    return found


async def export(session: Any, workspace: str) -> dict[str, list[dict[str, Any]]]:
    """Every row the workspace owns, table by table (sealed tokens left out)."""
    data: dict[str, list[dict[str, Any]]] = {}
    for table, column in _tables():
        statement = table_select(table).where(table.c[column] == workspace)
        rows = (await session.execute(statement)).mappings().all()
        if rows:
            data[table.name] = [
                {k: v for k, v in row.items() if k not in SECRET_COLUMNS} for row in rows
            ]
    return data


async def erase(session: Any, workspace: str) -> int:
    """Delete every row the workspace owns (children first); how many."""
    count = 0
    for table, column in reversed(_tables()):
        result = await session.execute(table_delete(table).where(table.c[column] == workspace))
        count += int(result.rowcount or 0)
    return count
