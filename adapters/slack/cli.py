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


def missing_settings(http: bool) -> list[str]:
    """The environment variables this mode needs and does not have."""
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
    bot = SlackBot(
        lambda notifier: build_core(db, notifier),
        token=os.environ["SLACK_BOT_TOKEN"],
        signing_secret=os.environ.get("SLACK_SIGNING_SECRET") if http else None,
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
    parser.set_defaults(run=lambda args: start(args.http, args.host, args.port, web))
    return lambda: start_default(web)
