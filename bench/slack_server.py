"""One Slack app under test for bench_slack, in a process of its own.

``python -m bench.slack_server bare API_URL``: a bare slack-bolt app whose ``/outarde``
only acknowledges (Bolt's defaults: the listener runs in a task, and Bolt looks for its ack
every 10 ms); ``bare-inline``: the same with ``process_before_response`` (Bolt answers as
soon as the listener returns, as Outarde's does).
``python -m bench.slack_server outarde API_URL``: Outarde's real HTTP server
(``adapters.slack.server``: signature, inbox, limits) on a SQLite file, answering into the
Web API at API_URL (the bench's stand-in). Each prints ``port N`` once it listens; SIGTERM
(or stdin closing) stops it. With ``OUTARDE_BENCH_PROFILE=FILE``,
the run is profiled (cProfile) into ``FILE.<kind>``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.limits import Limits, Rate
from testkit.slack_standin import SECRET

# every command of a burst comes from its own person; the workspace's limit must not refuse
# any of them (a burst of 200 is far beyond the default 120 a minute)
BENCH_LIMITS = Limits(person=Rate(100_000, 1.0), workspace=Rate(100_000, 1.0))


async def _bare(api_url: str, *, inline: bool) -> Callable[[], Awaitable[None]]:
    client = AsyncWebClient(token="xoxb-bench", base_url=api_url)
    bolt = AsyncApp(client=client, signing_secret=SECRET, process_before_response=inline)

    @bolt.command("/outarde")
    async def only_ack(ack) -> None:  # type: ignore[no-untyped-def]
        await ack()

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    application = web.Application()
    application.add_routes([web.post("/slack/events", events)])
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(f"port {site._server.sockets[0].getsockname()[1]}", flush=True)  # type: ignore[union-attr]
    return runner.cleanup


async def _outarde(api_url: str) -> Callable[[], Awaitable[None]]:
    from adapters.slack.app import SlackBot
    from adapters.slack.server import start_http
    from adapters.startup import freeze_startup_objects
    from bench.common import sqlite_db
    from bot.compose import build_core

    db = await sqlite_db()
    bot = SlackBot(
        lambda notifier: build_core(db, notifier, limits=BENCH_LIMITS),
        token="xoxb-bench",
        signing_secret=SECRET,
        api_url=api_url,
    )
    await bot.core.inbox.start()
    bot.shared_client()
    running = await start_http(bot, "127.0.0.1", 0)
    freeze_startup_objects()  # as ``adapters.slack.server.serve`` does
    print(f"port {running.port}", flush=True)

    async def stop() -> None:
        await running.stop()
        await bot.drain()
        await bot.core.inbox.stop()
        await bot.close()
        await db.dispose()

    return stop


async def main(kind: str, api_url: str) -> None:
    if kind == "outarde":
        stop = await _outarde(api_url)
    else:
        stop = await _bare(api_url, inline=kind == "bare-inline")
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stopping.set() if not sys.stdin.read(1) else None)
    await stopping.wait()
    await stop()


if __name__ == "__main__":
    profile = os.environ.get("OUTARDE_BENCH_PROFILE")  # a file: cProfile of the whole run
    if profile:
        import cProfile

        cProfile.run("asyncio.run(main(sys.argv[1], sys.argv[2]))", f"{profile}.{sys.argv[1]}")
    else:
        asyncio.run(main(sys.argv[1], sys.argv[2]))
