"""One Outarde replica for bench_replicas: the real scheduler and the real Slack adapter.

``python -m bench.replica_worker URL SCHEMA API_URL``: posts go to the Slack Web API at
API_URL (the bench's stand-in), with a bot token naming this process (``xoxb-replica-PID``)
so the stand-in knows who posted. Slack's pacing (one post a second per channel) is set wide
open: the bench's 100 tables reuse the same channel names, which Slack's ids never do.
SIGTERM stops it cleanly.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from adapters.slack.app import SlackBot
from adapters.slack.pacing import ChannelPacer
from bot.compose import build_core
from storage.db import Database


async def serve(url: str, schema: str, api_url: str) -> None:
    db = Database(url, search_path=schema)
    pacer = ChannelPacer(rate=1000.0, burst=1000)
    bot = SlackBot(
        lambda notifier: build_core(db, notifier),
        token=f"xoxb-replica-{os.getpid()}",
        api_url=api_url,
        pacer=pacer,
    )
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    app = bot.core
    await app.scheduler.start()
    print("ready", flush=True)
    await stop.wait()
    await app.scheduler.stop()
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2], sys.argv[3]))
