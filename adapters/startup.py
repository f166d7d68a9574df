"""Opening the configured database for a long-running adapter, or saying what to do."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from storage.db import Database
from storage.schema import SchemaBehind, require_current

if TYPE_CHECKING:
    from bot.app import Outarde

SCHEMA_BEHIND = (
    "La base de données PostgreSQL n'est pas à jour (ou pas encore créée) : lancez "
    "`outarde db upgrade` (ou `make run`, qui le fait), puis recommencez.\n"
    "The PostgreSQL database is not up to date (or not created yet): run `outarde db upgrade` "
    "first."
)


async def open_database() -> Database:
    """The configured database, once its schema is current.

    The embedded SQLite database is created and migrated on the spot; a server database
    (PostgreSQL) is migrated by its administrator: until then, say what to do, and exit.
    """
    db = Database()
    try:
        await require_current(db)
    except SchemaBehind:
        if db.is_sqlite:
            from storage import migrate  # Alembic, loaded only when there is work for it

            await migrate.upgrade(db)
            return db
        await db.dispose()
        print(SCHEMA_BEHIND, file=sys.stderr)
        raise SystemExit(2) from None
    return db


class Stoppable(Protocol):
    async def stop(self) -> None: ...


class WebServer(Protocol):
    """What the command line hands an adapter so the web pages are served beside it."""

    async def beside(self, core: Outarde) -> Stoppable | None:
        """Start the web server on its own port when it is configured."""
        ...

    def within(self, application: Any, core: Outarde) -> bool:
        """Serve the web pages on ``application`` (Slack's HTTP server) when configured."""
        ...


DRAIN_BUDGET = 8.0  # seconds: docker stop waits 10 before SIGKILL (OUTARDE_DRAIN_SECONDS)
YOUNG_COLLECTION_EVERY = 10_000  # allocations between two young collections (Python: 700)


def freeze_startup_objects() -> None:
    """What starting built (modules, the core, its routes and caches) lives as long as the
    process: it is moved out of the garbage collector's way, so the collections a burst of
    requests sets off only go through what those requests create.

    Those collections then come every 10,000 allocations instead of 700: a command's objects
    are mostly freed by their reference counts, and the Slack bench's run (about 1,600
    commands) sets off 11 young collections instead of about 220, and none of the older ones
    instead of about 20."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, old)


def drain_budget() -> float:
    """How long a stop waits for the work in progress; what is left runs at the restart."""
    try:
        return max(0.0, float(os.environ.get("OUTARDE_DRAIN_SECONDS", DRAIN_BUDGET)))
    except ValueError:
        return DRAIN_BUDGET


def on_sigterm(stop: Callable[[], None], log: logging.Logger) -> None:
    """Call ``stop`` on SIGTERM (docker stop, systemd), so the work in progress drains; an
    event loop that cannot take signal handlers (not the main thread, another OS) keeps the
    default stop, and says so."""
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop)
    except (NotImplementedError, RuntimeError) as error:
        log.warning(
            "SIGTERM stops at once here: work in progress resumes at the next start",
            extra={"error": type(error).__name__},
        )
