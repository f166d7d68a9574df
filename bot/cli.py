"""The ``outarde`` command: the console chat by default, the database, the adapters."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sys
from collections.abc import Callable

from bot import logs
from storage.db import Database

# Each platform adapter may offer ``register(subparsers)`` in adapters/<name>/cli.py.
ADAPTER_CLIS = ("adapters.slack.cli", "adapters.discord.cli")


SCHEMA_BEHIND = (
    "La base de données n'est pas à jour (ou pas encore créée) : lancez `outarde db upgrade` "
    "(ou `make run`, qui le fait), puis recommencez.\n"
    "The database is not up to date (or not created yet): run `outarde db upgrade` first."
)


async def open_database() -> Database:
    """The configured database, once its schema is current; otherwise say what to do, and exit."""
    from storage.migrate import SchemaBehind, require_current

    db = Database()
    try:
        await require_current(db)
    except SchemaBehind:
        await db.dispose()
        print(SCHEMA_BEHIND, file=sys.stderr)
        raise SystemExit(2) from None
    return db


async def _console() -> None:
    from adapters.console import run_console
    from bot.app import Outarde
    from bot.clock import OffsetClock

    db = await open_database()
    app = Outarde(db, clock=OffsetClock(), founder_is_coordinator=True)
    try:
        await run_console(app)
    finally:
        await db.dispose()


async def _db(action: str, message: str | None) -> None:
    from storage import migrate

    db = Database()
    try:
        if action == "upgrade":
            await migrate.upgrade(db)
        else:
            await migrate.revision(db, message or "schema change")
    finally:
        await db.dispose()


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Callable[[], None]]]:
    parser = argparse.ArgumentParser(prog="outarde", description="Outarde, le bot des tables.")
    subparsers = parser.add_subparsers(dest="command")
    console = subparsers.add_parser("console", help="le chat dans le terminal")
    console.set_defaults(run=lambda args: asyncio.run(_console()))
    db = subparsers.add_parser("db", help="la base de données")
    db.add_argument("action", choices=["upgrade", "revision"])
    db.add_argument("-m", "--message")
    db.set_defaults(run=lambda args: asyncio.run(_db(args.action, args.message)))
    defaults: dict[str, Callable[[], None]] = {}
    for module_name in ADAPTER_CLIS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if not error.name or not module_name.startswith(error.name):
                raise
            continue
        default = module.register(subparsers)
        if default is not None:
            defaults[module_name] = default
    return parser, defaults


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``outarde`` script."""
    logs.configure()
    parser, defaults = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None):
        args.run(args)
        return
    if os.environ.get("SLACK_BOT_TOKEN") and "adapters.slack.cli" in defaults:
        defaults["adapters.slack.cli"]()
    elif os.environ.get("DISCORD_TOKEN") and "adapters.discord.cli" in defaults:
        defaults["adapters.discord.cli"]()
    else:
        asyncio.run(_console())


if __name__ == "__main__":
    sys.exit(main())
