"""Storage: migrations in step with the models, isolation between workspaces."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from bot.messages import plain_text
from storage import migrate
from storage.db import Database
from storage.models import Job, Member, Setting
from storage.types import UTCDateTime
from testkit.doubles import Answers, RecordingNotifier
from testkit.fixtures import DATABASES, drop_schema, postgres_database


@pytest.mark.parametrize("engine", DATABASES)
async def test_migrations_build_the_schema_the_models_describe(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Columns, types, indexes and constraints, on SQLite and on PostgreSQL."""
    if engine == "sqlite":
        db, schema = Database(f"sqlite+aiosqlite:///{tmp_path / 'migrated.db'}"), None
    else:
        db, schema = await postgres_database()  # made with create_all: emptied for Alembic
        await db.drop_all()
    try:
        await migrate.upgrade(db)
        assert await migrate.pending_changes(db) == []
    finally:
        await db.dispose()
        if schema is not None:
            await drop_schema(schema)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), None)  # type: ignore[arg-type]


async def test_instants_come_back_aware(any_db: Database) -> None:
    instant = datetime(2026, 10, 31, 13, 0, tzinfo=UTC)
    async with any_db.session() as session:
        session.add(Job(workspace="w", channel="c", kind="k", key="1", due_at=instant))
    async with any_db.session() as session:
        job = (await session.exec(select(Job))).one()
    assert job.due_at == instant and job.due_at.tzinfo is not None


async def test_a_failed_transaction_stores_nothing(any_db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with any_db.session() as session:
            session.add(Setting(workspace="w", name="langue", value='"en"'))
            await session.flush()
            raise RuntimeError("half-way")
    async with any_db.session() as session:
        assert (await session.exec(select(Setting))).all() == []


async def test_workspaces_never_see_each_other(any_db: Database, clock) -> None:  # type: ignore[no-untyped-def]

    app = build_core(any_db, RecordingNotifier(), clock=clock, founder_is_coordinator=True)
    one, two = Place("console", "one", "general"), Place("console", "two", "general")
    alice, bruno = Actor("alice", "Alice"), Actor("bruno", "Bruno")
    answers = Answers()
    await app.command(
        Invocation(one, alice), "partenaire", "moi CDC des Collines / communautaire", answers
    )
    await app.command(Invocation(one, alice), "outarde", "config langue en", answers)
    await app.command(Invocation(two, bruno), "partenaire", "moi CLD / développement", answers)
    seen = Answers()
    await app.command(Invocation(two, bruno), "partenaire", "liste", seen)
    text = plain_text(seen.sent[-1])
    assert "CLD" in text and "CDC des Collines" not in text and "Alice" not in text
    assert "Carte des partenaires" in text  # workspace two kept French
    async with any_db.session() as session:
        members = (
            await session.exec(select(Member).where(Member.workspace == "console:two"))
        ).all()
    assert [m.user_id for m in members] == ["bruno"]


async def test_first_speaker_of_a_console_workspace_coordinates(app) -> None:  # type: ignore[no-untyped-def]
    place = Place("console", "neuve", "general")
    answers = Answers()
    await app.command(
        Invocation(place, Actor("alice", "Alice")), "outarde", "config langue en", answers
    )
    await app.command(
        Invocation(place, Actor("bruno", "Bruno")), "outarde", "config langue fr", answers
    )
    texts = [plain_text(m) for m in answers.sent]
    assert "Setting changed" in texts[0]
    assert "Only the table's coordinators" in texts[1]
