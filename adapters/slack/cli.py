"""``outarde slack``: Socket Mode by default, ``--http --port 3000`` for HTTP mode."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.startup import WebServer

MISSING = {
    "socket": ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"),
    "http": ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
}


def distributed() -> bool:
    """Several workspaces by OAuth: the app's client id is in the environment."""
    return bool(os.environ.get("SLACK_CLIENT_ID"))


def missing_settings(http: bool) -> list[str]:
    """The environment variables this mode needs and does not have."""
    if http and distributed():
        from adapters.slack.oauth import missing_settings as missing_for_oauth

        wanted = [name for name in ("SLACK_SIGNING_SECRET",) if not os.environ.get(name)]
        return wanted + missing_for_oauth()
    return [name for name in MISSING["http" if http else "socket"] if not os.environ.get(name)]


async def run(
    http: bool = False, host: str = "0.0.0.0", port: int = 3000, web: WebServer | None = None
) -> None:
    """Start Outarde in Slack with the tokens of the environment."""
    from adapters.slack.app import SlackBot
    from adapters.slack.server import serve
    from adapters.startup import open_database
    from bot.compose import build_core

    db = await open_database()
    oauth = None
    if http and distributed():  # one process for every workspace that installs Outarde
        from adapters.slack.oauth import OAuthConfig

        oauth = OAuthConfig.from_environment()
    bot = SlackBot(
        lambda notifier: build_core(db, notifier, platform="slack"),
        token=None if oauth else os.environ["SLACK_BOT_TOKEN"],
        signing_secret=os.environ.get("SLACK_SIGNING_SECRET") if http else None,
        oauth=oauth,
    )
    try:
        await serve(
            bot,
            http=http,
            host=host,
            port=port,
            app_token=os.environ.get("SLACK_APP_TOKEN"),
            web=web,
        )
    finally:
        await db.dispose()


async def reseal() -> int:
    """Seal every stored token again with the newest key of OUTARDE_TOKEN_KEYS."""
    from adapters.startup import open_database
    from bot.clock import SystemClock
    from bot.installations import Installations
    from bot.sealing import Sealer

    db = await open_database()
    try:
        return await Installations(db, SystemClock(), Sealer.from_environment()).reseal_all()
    finally:
        await db.dispose()


def keys(args: argparse.Namespace) -> bool:
    """``--cle`` and ``--resceller``: the sealing keys' chores; True when one was done."""
    from bot.sealing import SealingError, new_key

    if args.cle:
        print(new_key())
        return True
    if args.resceller:
        try:
            count = asyncio.run(reseal())
        except SealingError as error:
            print(f"Outarde/Slack : {error}", file=sys.stderr)
            raise SystemExit(2) from error
        print(f"{count} installation(s) scellée(s) avec la nouvelle clé.")
        return True
    return False


def start(
    http: bool = False, host: str = "0.0.0.0", port: int = 3000, web: WebServer | None = None
) -> None:
    missing = missing_settings(http)
    if missing:
        mode = "HTTP" if http else "Socket Mode"
        print(
            f"Outarde/Slack ({mode}) : variable(s) manquante(s) : {', '.join(missing)}. "
            "Voir docs/slack.md.",
            file=sys.stderr,
        )
        raise SystemExit(2)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(http, host, port, web))


def start_default(web: WebServer | None = None) -> None:
    """Start when only the environment says Slack: HTTP mode if it has a signing secret and
    no app token, else Socket Mode."""
    start(
        http=bool(os.environ.get("SLACK_SIGNING_SECRET")) and not os.environ.get("SLACK_APP_TOKEN"),
        web=web,
    )


def register(
    subparsers: argparse._SubParsersAction, web: WebServer | None = None
) -> Callable[[], None]:
    """Add ``outarde slack``; returns how to start it when only the environment says Slack.
    ``web`` serves the web pages: on Slack's own server in HTTP mode, beside it otherwise."""
    parser = subparsers.add_parser("slack", help="le bot dans Slack (Socket Mode par défaut)")
    parser.add_argument("--http", action="store_true", help="mode HTTP (URL publique requise)")
    parser.add_argument("--host", default="0.0.0.0", help="adresse d'écoute en mode HTTP")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "3000")), help="port en mode HTTP"
    )
    parser.add_argument(
        "--cle", action="store_true", help="afficher une nouvelle clé de scellement"
    )
    parser.add_argument(
        "--resceller", action="store_true", help="resceller les jetons avec la première clé"
    )
    parser.set_defaults(run=lambda args: keys(args) or start(args.http, args.host, args.port, web))
    return lambda: start_default(web)
