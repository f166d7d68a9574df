"""Small dialect-aware statements the core needs (it never writes dialect SQL itself).

The statements are built once per table and shape, then run with the row's values as
parameters, so SQLAlchemy compiles each shape only once.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.sql import Executable
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

Row = TypeVar("Row", bound=SQLModel)
Value = TypeVar("Value")
IN_LIST = 500  # at most this many values in one IN list (PostgreSQL takes 32,767 parameters)


def in_chunks(values: Sequence[Value]) -> Iterator[Sequence[Value]]:
    """``values`` cut in runs of at most ``IN_LIST``, one IN list each."""
    size = IN_LIST
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _dialect(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"


def _dialect_insert(dialect: str) -> Any:
    """The dialect's ``insert`` (with ``on_conflict_…``), loaded for the database in use only."""
    name = "postgresql" if dialect == "postgresql" else "sqlite"
    return importlib.import_module(f"sqlalchemy.dialects.{name}").insert


@cache
def _insert_ignore(table: Any, dialect: str, keys: tuple[str, ...]) -> Executable:
    return _dialect_insert(dialect)(table).on_conflict_do_nothing(index_elements=list(keys))


@cache
def _upsert(table: Any, dialect: str, keys: tuple[str, ...], update: tuple[str, ...]) -> Executable:
    statement = _dialect_insert(dialect)(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in update}
    )


@cache
def _insert_returning_id(table: Any) -> Executable:
    return insert(table).returning(table.c.id)


@cache
def _insert_many(table: Any) -> Executable:
    return insert(table)


def _values(row: SQLModel) -> dict[str, Any]:
    """A new row's column values, its id left to the database."""
    table = row.__table__  # type: ignore[attr-defined]
    return {
        column.key: getattr(row, column.key)
        for column in table.columns
        if not column.primary_key or getattr(row, column.key) is not None
    }


async def add_row(session: AsyncSession, row: Row) -> Row:
    """INSERT one new row and give it its id, without the ORM's flush machinery.

    The row then belongs to the session as if it had been flushed: later changes to it
    are written by the next flush.
    """
    statement = _insert_returning_id(row.__table__)  # type: ignore[attr-defined]
    result = await session.exec(statement, params=_values(row))  # type: ignore[call-overload]
    row.id = result.scalar_one()  # type: ignore[attr-defined]
    make_transient_to_detached(row)
    session.add(row)
    return row


async def insert_rows(session: AsyncSession, rows: list[Row]) -> None:
    """INSERT new rows of one table in one statement; they are not read back."""
    if rows:
        statement = _insert_many(rows[0].__table__)  # type: ignore[attr-defined]
        await session.exec(statement, params=[_values(row) for row in rows])  # type: ignore[call-overload]


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
    values: dict[str, Any] | list[dict[str, Any]],
    keys: list[str],
    update: list[str],
) -> None:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET the ``update`` columns (one row or many)."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = _upsert(table, _dialect(session), tuple(keys), tuple(update))
    await session.exec(statement, params=values)  # type: ignore[call-overload]


async def count_upto(session: AsyncSession, statement: Any, limit: int) -> int:
    """How many rows ``statement`` gives, counted no further than ``limit``: a long history
    costs what its first ``limit`` rows cost (the caller says « more than … » at the limit)."""
    from sqlmodel import func, select

    counted = select(func.count()).select_from(statement.limit(limit).subquery())
    return int((await session.exec(counted)).one())


async def read_rows(session: AsyncSession, statement: Any, params: Any = None) -> Sequence[Any]:
    """The rows of a SELECT of columns, read on the session's connection: no ORM loading (a
    few tenths of a millisecond for a few hundred rows) and no autoflush, so only for a read
    that follows no pending change (a page)."""
    connection = await session.connection()
    return (await connection.execute(statement, params)).all()
