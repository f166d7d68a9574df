"""One Slack replica in its own process, for the replica tests of the Slack adapter.

``python -m tests.adapters.slack.slack_replica URL SCHEMA API_URL``: the real Slack adapter
(HTTP mode on a free port of 127.0.0.1, signed requests) on a small router, with the database at URL
(SCHEMA: PostgreSQL search path, "-" for none) and Slack's Web API at API_URL (the tests'
stand-in). Prints « ready PORT » once it listens; SIGTERM stops it.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from adapters.slack.app import SlackBot
from adapters.slack.pacing import ChannelPacer
from adapters.slack.server import start_http
from bot.compose import build_core
from bot.messages import Actions, Button, Message, Section
from bot.router import Router
from storage.db import Database
from testkit.slack_standin import SECRET

LONG_VALUE = "v" * 2400  # too long for a Slack button value (2,000): stashed


def replica_router() -> Router:
    """``/essai`` posts a button whose value Slack cannot carry; its click says the length."""
    router = Router()

    @router.command("essai", "", help="outarde.help.default")
    async def post(ctx, text):  # type: ignore[no-untyped-def]
        button = Button("Longueur", "essai.longueur", LONG_VALUE)
        return Message([Section(f"essai {text}"), Actions((button,))], "essai", ephemeral=False)

    @router.action("essai.longueur")
    async def length(ctx, value):  # type: ignore[no-untyped-def]
        return Message([Section(f"longueur {len(value)}")], "longueur", ephemeral=False)

    return router


def replica_bot(db: Database, api_url: str) -> SlackBot:
    return SlackBot(
        lambda notifier: build_core(
            db, notifier, router=replica_router(), founder_is_coordinator=True
        ),
        token="xoxb-replica",
        signing_secret=SECRET,
        api_url=api_url,
        pacer=ChannelPacer(rate=1000.0, burst=1000),
    )


async def serve(url: str, schema: str, api_url: str) -> None:
    db = Database(url, search_path=None if schema == "-" else schema)
    bot = replica_bot(db, api_url)
    running = await start_http(bot, "127.0.0.1", 0)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print(f"ready {running.port}", flush=True)
    await stop.wait()
    await bot.drain()
    await running.stop()
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2], sys.argv[3]))
