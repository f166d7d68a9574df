"""Small dialect-aware statements the core needs (it never writes dialect SQL itself)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


async def insert_ignore(
    session: AsyncSession, model: type[SQLModel], values: dict[str, Any], keys: list[str]
) -> bool:
    """INSERT … ON CONFLICT (keys) DO NOTHING; True when a row was inserted."""
    table = model.__table__  # type: ignore[attr-defined]
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = builder(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    result = await session.exec(statement)  # type: ignore[call-overload]
    return bool(result.rowcount)


async def upsert(
    session: AsyncSession,
    model: type[SQLModel],
    values: dict[str, Any],
    keys: list[str],
    update: list[str],
) -> None:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET the ``update`` columns."""
    table = model.__table__  # type: ignore[attr-defined]
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = builder(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=keys, set_={name: statement.excluded[name] for name in update}
    )
    await session.exec(statement)  # type: ignore[call-overload]
