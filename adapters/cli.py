"""The ``outarde`` command, and the composition root: it wires a core to one adapter.

An adapter's modules (and its platform library) are imported only when its command runs,
so ``outarde console`` loads neither slack_bolt nor discord.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable
from pathlib import Path

from adapters.discord.cli import register as register_discord
from adapters.slack.cli import register as register_slack
from adapters.startup import open_database
from adapters.web import SERVER as WEB
from bot import logs
from storage.db import Database

FILES_DIR = "data/fichiers"  # where the console saves the files the bot sends


async def _console() -> None:
    from adapters.console import ConsoleScreen, run_console
    from bot.clock import OffsetClock
    from bot.compose import build_core

    logs.configure_for_a_terminal()  # the chat stays readable: logs to a file
    db = await open_database()
    screen = ConsoleScreen(files_dir=Path(os.environ.get("OUTARDE_FILES_DIR") or FILES_DIR))
    app = build_core(
        db, screen, clock=OffsetClock(), founder_is_coordinator=True, features_at_first_use=True
    )
    pages = await WEB.beside(app)  # OUTARDE_WEB_PORT: the calendar feeds, the table's page
    try:
        await run_console(app, screen)
    finally:
        if pages is not None:
            await pages.stop()
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


async def _departed(action: str, workspace: str | None, now: bool) -> int:
    """``outarde espaces``: the workspaces that left, their export, their erasure."""
    import json
    from datetime import UTC, datetime

    from bot import departures

    db = await open_database()
    try:
        if action == "liste":
            for left in await departures.all_departed(db):
                print(f"{left.workspace}\t{left.reason}\tparti le {left.left_at:%Y-%m-%d}"
                      f"\teffaçable dès le {left.erase_after:%Y-%m-%d}")  # fmt: skip
            return 0
        left = await departures.departure_of(db, workspace or "")
        if left is None:
            print(f"{workspace} : cet espace n'a pas quitté Outarde (voir « outarde espaces "
                  "liste »); sa coordination exporte ou efface avec /outarde donnees.",
                  file=sys.stderr)  # fmt: skip
            return 2
        async with db.session() as session:
            if action == "exporter":
                data = await departures.export(session, left.workspace)
                print(json.dumps(data, default=str, ensure_ascii=False, indent=1))
                return 0
            if not now and datetime.now(UTC) < left.erase_after:
                print(f"{left.workspace} : ses données sont gardées jusqu'au "
                      f"{left.erase_after:%Y-%m-%d} (--maintenant pour effacer avant).",
                      file=sys.stderr)  # fmt: skip
                return 2
            count = await departures.erase(session, left.workspace)
        print(f"{left.workspace} : {count} ligne(s) effacée(s).")
        return 0
    finally:
        await db.dispose()


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Callable[[], None]]]:
    """The ``outarde`` parser, and how to start each platform when only its token is set."""
    parser = argparse.ArgumentParser(prog="outarde", description="Outarde, le bot des tables.")
    subparsers = parser.add_subparsers(dest="command")
    console = subparsers.add_parser("console", help="le chat dans le terminal")
    console.set_defaults(run=lambda args: asyncio.run(_console()))
    db = subparsers.add_parser("db", help="la base de données")
    db.add_argument("action", choices=["upgrade", "revision"])
    db.add_argument("-m", "--message")
    db.set_defaults(run=lambda args: asyncio.run(_db(args.action, args.message)))
    spaces = subparsers.add_parser("espaces", help="les espaces de travail qui ont quitté Outarde")
    spaces.add_argument("action", choices=["liste", "exporter", "effacer"])
    spaces.add_argument("workspace", nargs="?", help="par exemple slack:T0123")
    spaces.add_argument("--maintenant", action="store_true", help="effacer avant le délai")
    spaces.set_defaults(
        run=lambda args: sys.exit(
            asyncio.run(_departed(args.action, args.workspace, args.maintenant))
        )
    )
    starts = {"SLACK_BOT_TOKEN": register_slack(subparsers, WEB)}
    starts["SLACK_CLIENT_ID"] = starts["SLACK_BOT_TOKEN"]  # distribution: tokens by OAuth
    starts["DISCORD_TOKEN"] = register_discord(subparsers, WEB)
    return parser, starts


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``outarde`` script: the platform whose token is set, else the console."""
    logs.configure()
    parser, starts = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "run", None):
        args.run(args)
        return
    start = next((start for token, start in starts.items() if os.environ.get(token)), None)
    if start is not None:
        start()
    else:
        asyncio.run(_console())


if __name__ == "__main__":
    sys.exit(main())
