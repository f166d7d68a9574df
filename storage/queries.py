"""Small dialect-aware statements the core needs (it never writes dialect SQL itself).

The statements are built once per table and shape, then run with the row's values as
parameters, so SQLAlchemy compiles each shape only once.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Executable
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"


@cache
def _insert_ignore(table: Any, dialect: str, keys: tuple[str, ...]) -> Executable:
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return builder(table).on_conflict_do_nothing(index_elements=list(keys))


@cache
def _upsert(table: Any, dialect: str, keys: tuple[str, ...], update: tuple[str, ...]) -> Executable:
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = builder(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in update}
    )


async def insert_ignore(
    session: AsyncSession, model: type[SQLModel], values: dict[str, Any], keys: list[str]
) -> bool:
    """INSERT … ON CONFLICT (keys) DO NOTHING; True when a row was inserted."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = _insert_ignore(table, _dialect(session), tuple(keys))
    result = await session.exec(statement, params=values)  # type: ignore[call-overload]
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def upsert(
    session: AsyncSession,
    model: type[SQLModel],
    values: dict[str, Any],
    keys: list[str],
    update: list[str],
) -> None:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET the ``update`` columns."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = _upsert(table, _dialect(session), tuple(keys), tuple(update))
    await session.exec(statement, params=values)  # type: ignore[call-overload]
