"""Running the Slack bot: Socket Mode (default) or HTTP mode (aiohttp: /slack/events, /healthz)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import urllib.parse
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from adapters.slack.app import SlackBot
from adapters.startup import WebServer

log = logging.getLogger("outarde.slack")
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1024 * 1024  # Slack's requests are a few kilobytes; a modal's state stays far below
SLACK_CONTENT_TYPES = {"application/x-www-form-urlencoded", "application/json"}


def unreadable(content_type: str, body: str) -> str | None:
    """Why Slack could not have sent this request (None when it could): Slack sends forms
    (commands, clicks, modals) or JSON (events), and a form's ``payload`` is a JSON object."""
    if content_type not in SLACK_CONTENT_TYPES:
        return "unsupported content type"
    if content_type == "application/json":
        try:
            data = json.loads(body or "null")
        except ValueError:
            return "malformed JSON"
        return None if isinstance(data, dict) else "JSON body is not an object"
    payload = urllib.parse.parse_qs(body).get("payload")
    if payload is None:
        return None
    try:
        data = json.loads(payload[0])
    except ValueError:
        return "malformed payload JSON"
    if not isinstance(data, dict) or not isinstance(data.get("type", ""), str):
        return "payload is not a Slack interaction"
    return None


def http_app(bot: SlackBot, web_server: WebServer | None = None) -> web.Application:
    """The HTTP mode endpoints; Bolt verifies each request's signature and timestamp.

    Bodies above MAX_BODY are refused (413) before being read; a body Slack could not have
    sent (another content type, a payload that is not a JSON object) gets 415 or 400. With a
    configured ``web_server``, the same server also answers the web pages (calendar feeds…).
    """

    async def events(request: web.Request) -> web.Response:
        body = await request.text()
        reason = unreadable(request.content_type, body)
        if reason is not None:
            log.warning("slack request refused: %s", reason)
            status = 415 if reason == "unsupported content type" else 400
            return web.Response(status=status, text=reason)
        bolt_response = await bot.bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "pending": len(bot.tasks)})

    application = web.Application(client_max_size=MAX_BODY)
    application.add_routes([web.post(EVENTS_PATH, events), web.get(HEALTH_PATH, health)])
    if web_server is not None and web_server.within(application, bot.core):
        log.info("web pages served on the slack http server")
    return application


@dataclass
class RunningHttp:
    """An HTTP server started by ``start_http``; ``port`` is the one actually bound."""

    runner: web.AppRunner
    port: int

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start_http(
    bot: SlackBot, host: str = "0.0.0.0", port: int = 3000, web_server: WebServer | None = None
) -> RunningHttp:
    """Serve the bot over HTTP (port 0 picks a free one)."""
    runner = web.AppRunner(http_app(bot, web_server), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    sockets = getattr(server, "sockets", None) or []
    bound = sockets[0].getsockname()[1] if sockets else port
    log.info("slack http mode listening", extra={"host": host, "port": bound})
    return RunningHttp(runner, bound)


async def serve(
    bot: SlackBot,
    *,
    http: bool,
    host: str,
    port: int,
    app_token: str | None,
    web: WebServer | None = None,
) -> None:
    """Start the scheduler and the transport (and the web pages: on the same server in HTTP
    mode, beside Socket Mode otherwise); stop cleanly when cancelled."""
    await bot.core.scheduler.start()
    stop = asyncio.Event()
    pages = await web.beside(bot.core) if web is not None and not http else None
    try:
        if http:
            running = await start_http(bot, host, port, web)
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
        if pages is not None:
            await pages.stop()
        await bot.drain()
        await bot.core.scheduler.stop()
