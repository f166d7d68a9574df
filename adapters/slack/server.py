"""Running the Slack bot: Socket Mode (default) or HTTP mode (aiohttp: /slack/events, /healthz)."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from adapters.slack.app import SlackBot

log = logging.getLogger("outarde.slack")
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def http_app(bot: SlackBot) -> web.Application:
    """The HTTP mode endpoints; Bolt verifies each request's signature and timestamp."""

    async def events(request: web.Request) -> web.Response:
        bolt_response = await bot.bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "pending": len(bot.tasks)})

    application = web.Application()
    application.add_routes([web.post(EVENTS_PATH, events), web.get(HEALTH_PATH, health)])
    return application


@dataclass
class RunningHttp:
    """An HTTP server started by ``start_http``; ``port`` is the one actually bound."""

    runner: web.AppRunner
    port: int

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start_http(bot: SlackBot, host: str = "0.0.0.0", port: int = 3000) -> RunningHttp:
    """Serve the bot over HTTP (port 0 picks a free one)."""
    runner = web.AppRunner(http_app(bot), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    sockets = getattr(server, "sockets", None) or []
    bound = sockets[0].getsockname()[1] if sockets else port
    log.info("slack http mode listening", extra={"host": host, "port": bound})
    return RunningHttp(runner, bound)


async def serve(bot: SlackBot, *, http: bool, host: str, port: int, app_token: str | None) -> None:
    """Start the scheduler and the transport; stop cleanly when cancelled."""
    await bot.core.scheduler.start()
    stop = asyncio.Event()
    try:
        if http:
            running = await start_http(bot, host, port)
            try:
                await stop.wait()
            finally:
                await running.stop()
        else:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            handler = AsyncSocketModeHandler(bot.bolt, app_token or os.environ["SLACK_APP_TOKEN"])
            try:
                await handler.start_async()
            finally:
                await handler.close_async()
    finally:
        await bot.drain()
        await bot.core.scheduler.stop()
