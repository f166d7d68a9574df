"""Shared fixtures: a fresh database, a manual clock, the core, and a console chat."""

from __future__ import annotations

import io
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from adapters.console import ConsoleChat, ConsoleScreen
from bot.app import Outarde
from bot.clock import ManualClock
from bot.compose import build_core, build_router
from bot.limits import Limits, Rate
from bot.ports import Notifier
from bot.router import Feature, Router
from storage.db import Database
from testkit.doubles import RecordingNotifier

POSTGRES_URL = os.environ.get("OUTARDE_TEST_POSTGRES_URL")
# tests type commands faster than any person: limits far away, unless a test sets its own
TEST_LIMITS = Limits(
    person=Rate(100_000, 1.0), workspace=Rate(100_000, 1.0), queue_max=100_000, workers=4
)
os.environ.setdefault("OUTARDE_BALLOT_KEY", "the tests' own key")  # no key file written
postgres_only = pytest.mark.skipif(
    not POSTGRES_URL, reason="PostgreSQL: set OUTARDE_TEST_POSTGRES_URL to run this test"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
START = datetime(2026, 10, 6, 18, 0, tzinfo=UTC)  # mardi 6 octobre 2026, 14 h à Toronto


def pytest_sessionstart(session: pytest.Session) -> None:
    """When PostgreSQL tests are asked for, an unreachable server fails the run at once."""
    if not POSTGRES_URL:
        return
    import asyncio

    async def ping() -> None:
        database = Database(POSTGRES_URL)
        try:
            async with database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        finally:
            await database.dispose()

    try:
        asyncio.run(ping())
    except Exception as error:
        pytest.exit(f"PostgreSQL unreachable at {POSTGRES_URL}: {error}", returncode=1)


def pytest_report_header(config: pytest.Config) -> list[str]:
    if POSTGRES_URL:
        lines = [f"PostgreSQL tests: on ({POSTGRES_URL.split('@')[-1]})"]
    else:
        lines = ["PostgreSQL tests: skipped (set OUTARDE_TEST_POSTGRES_URL to run them)"]
    if CHROMIUM is None:
        lines.append("Browser tests: skipped (no chromium: apt-get install chromium)")
    return lines


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Chromium, only the tests marked ``browser`` are skipped."""
    if CHROMIUM is not None:
        return
    skip = pytest.mark.skip(reason="no chromium on this machine (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


async def sqlite_database(tmp_path) -> Database:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'outarde.db'}")
    await db.create_all()
    return db


async def postgres_database() -> tuple[Database, str]:
    """A database on its own schema, so parallel runs never collide."""
    assert POSTGRES_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = Database(POSTGRES_URL)
    async with admin.engine.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    db = Database(POSTGRES_URL, search_path=schema)
    await db.create_all()
    return db, schema


async def drop_schema(schema: str) -> None:
    admin = Database(POSTGRES_URL)
    async with admin.engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await admin.dispose()


DATABASES = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


@pytest.fixture(params=DATABASES)
async def db(request, tmp_path) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    """A fresh database with every table: SQLite, and PostgreSQL too when configured.

    Every test that stores anything runs on both, so the two engines behave the same.
    """
    if request.param == "sqlite":
        database = await sqlite_database(tmp_path)
        yield database
        await database.dispose()
        return
    database, schema = await postgres_database()
    yield database
    await database.dispose()
    await drop_schema(schema)


@pytest.fixture
async def any_db(db: Database) -> Database:
    """The same database as ``db`` (kept for tests that say so explicitly)."""
    return db


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def screen() -> ConsoleScreen:
    """The console's output, kept in memory: the notifier of the ``app`` fixture."""
    return ConsoleScreen(io.StringIO())


def router_with(*features: Feature) -> Router:
    """A fresh router with every product feature, and these test features too."""
    router = build_router()
    for feature in features:
        feature.install(router)
    return router


@pytest.fixture
def router() -> Router:
    """The router of the ``app`` fixture: fresh for every test. A test module declaring its own
    jobs or hooks on a ``Feature`` overrides this fixture with ``router_with(feature)``."""
    return build_router()


@pytest.fixture
def notifier(request: pytest.FixtureRequest, screen: ConsoleScreen) -> Notifier:
    """What the ``app`` fixture posts through: the console's screen when the test talks
    through the console (``chat``), else a recorder of every post and update."""
    return screen if "chat" in request.fixturenames else RecordingNotifier()


@pytest.fixture
def app(db: Database, clock: ManualClock, notifier: Notifier, router: Router) -> Outarde:
    return build_core(
        db, notifier, clock=clock, founder_is_coordinator=True, router=router, limits=TEST_LIMITS
    )


@pytest.fixture
def chat(app: Outarde, screen: ConsoleScreen) -> ConsoleChat:
    """A console chat whose output is kept in memory (``chat.type`` returns it)."""
    return ConsoleChat(app, screen)


def core_like(app: Outarde) -> Callable[[Notifier], Outarde]:
    """How an adapter builds a core like ``app`` (same database, clock and router) around its
    own notifier: the way Slack and Discord tests get their core."""

    def core_for(notifier: Notifier) -> Outarde:
        return build_core(
            app.db,
            notifier,
            clock=app.clock,
            router=app.router,
            founder_is_coordinator=app.workspaces.founder_is_coordinator,
            limits=app.inbox.limits,
        )

    return core_for


def console(db: Database, clock: ManualClock, **options: object) -> ConsoleChat:
    """A console chat on its own core (another process, say) over ``db``."""
    screen = ConsoleScreen(io.StringIO())
    options.setdefault("limits", TEST_LIMITS)
    return ConsoleChat(build_core(db, screen, clock=clock, **options), screen)  # type: ignore[arg-type]
