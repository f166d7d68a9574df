"""Running the Slack bot: Socket Mode (default) or HTTP mode (aiohttp: /slack/events, /healthz)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

from adapters.slack.app import ARRIVAL, SlackBot
from adapters.slack.oauth import routes as oauth_routes
from adapters.startup import WebServer, drain_budget, freeze_startup_objects, on_sigterm

log = logging.getLogger("outarde.slack")
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1024 * 1024  # Slack's requests are a few kilobytes; a modal's state stays far below
SLACK_CONTENT_TYPES = {"application/x-www-form-urlencoded", "application/json"}
MAX_SKEW = 5 * 60  # seconds: Slack's own rule for a request's timestamp


def authentic(secret: str, headers: Mapping[str, str], body: bytes, now: float) -> bool:
    """Whether Slack signed ``body`` (raw bytes, nothing parsed) within the last minutes."""
    stamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
        return False
    if abs(now - int(stamp)) > MAX_SKEW or not signature.isascii():
        return False
    base = b"v0:" + stamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def unreadable(content_type: str, body: str) -> str | None:
    """Why Slack could not have sent this request (None when it could): Slack sends forms
    (commands, clicks, modals) or JSON (events), and a form's ``payload`` is a JSON object."""
    if content_type not in SLACK_CONTENT_TYPES:
        return "unsupported content type"
    if content_type == "application/json":
        try:
            data = json.loads(body or "null")
        except (ValueError, RecursionError):
            return "malformed JSON"
        return None if isinstance(data, dict) else "JSON body is not an object"
    try:
        payload = form_payload(body)
    except (ValueError, UnicodeError):
        return "malformed form encoding"
    if payload is None:
        return None
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return "malformed payload JSON"
    if not isinstance(data, dict) or not isinstance(data.get("type", ""), str):
        return "payload is not a Slack interaction"
    return None


def form_payload(body: str) -> str | None:
    """The first non-empty ``payload`` field of a form, as Bolt reads it (None without one);
    raises UnicodeDecodeError when a field does not decode to UTF-8.

    A slash command's dozen fields are not all parsed here and again by Bolt: the whole body
    decodes once (a field boundary is an ASCII byte, so it decodes when every field does),
    and only a field named ``payload``, however its name is encoded, has its value decoded.
    """
    try:
        urllib.parse.unquote_to_bytes(body.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:  # which fields do not decode (blank ones are not read)
        found = urllib.parse.parse_qs(body, errors="strict").get("payload")
        return found[0] if found else None
    for field in body.split("&"):
        name, _, value = field.partition("=")
        if "%" in name or "+" in name:
            name = urllib.parse.unquote_plus(name)
        if name == "payload" and value:
            return urllib.parse.unquote_plus(value)
    return None


def http_app(bot: SlackBot, web_server: WebServer | None = None) -> web.Application:
    """The HTTP mode endpoints; each request's signature and timestamp are checked here.

    Bodies above MAX_BODY are refused (413) before being read; a request whose signature or
    timestamp does not hold gets 401 before anything in it is parsed; a signed body Slack
    could not have sent (another content type, bad encoding, a payload that is not a JSON
    object) gets 415 or 400. With a configured ``web_server``, the same server also answers
    the web pages (calendar feeds…).
    """
    secret = bot.signing_secret

    async def events(request: web.Request) -> web.Response:
        raw = await request.read()
        if secret and not authentic(secret, request.headers, raw, time.time()):
            log.warning("slack request refused: signature or timestamp invalid")
            return web.Response(status=401, text="invalid signature")
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            log.warning("slack request refused: body is not UTF-8")
            return web.Response(status=400, text="body is not UTF-8")
        reason = unreadable(request.content_type, body)
        if reason is not None:
            log.warning("slack request refused: %s", reason)
            status = 415 if reason == "unsupported content type" else 400
            return web.Response(status=status, text=reason)
        bot.shared_client()  # the request's client takes the process's HTTP session
        arrival = bot.core.inbox.arrive()  # the work waits while requests are taken in
        try:
            bolt_request = await to_bolt_request(request)
            bolt_request.context[ARRIVAL] = arrival  # done by the listener once it acks
            bolt_response = await bot.bolt.async_dispatch(bolt_request)
        finally:
            arrival.done()
        return await to_aiohttp_response(bolt_response)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "pending": bot.pending})

    application = web.Application(client_max_size=MAX_BODY)
    application.add_routes([web.post(EVENTS_PATH, events), web.get(HEALTH_PATH, health)])
    application.add_routes(oauth_routes(bot))  # distribution: install page and redirect
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
    await bot.core.inbox.start()  # what a stopped process acknowledged runs first
    bot.shared_client()  # one HTTP session for the process, opened in its loop
    stop = asyncio.Event()
    main = asyncio.current_task()
    on_sigterm(lambda: _on_sigterm(http, stop, main), log)  # drains the work, then stops
    pages = await web.beside(bot.core) if web is not None and not http else None
    freeze_startup_objects()  # a burst's garbage collections skip what lives for ever
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
        try:  # the work already acknowledged finishes within the platform's grace period
            await asyncio.wait_for(asyncio.shield(bot.drain()), drain_budget())
        except TimeoutError:  # kept in the inbox: the next process runs it
            log.warning("stopped with work unfinished", extra={"pending": bot.pending})
        await bot.core.inbox.stop()
        await bot.core.scheduler.stop()
        await bot.close()


def _on_sigterm(http: bool, stop: asyncio.Event, main: asyncio.Task[Any] | None) -> None:
    """SIGTERM: stop taking requests, then drain (``serve``'s ``finally``)."""
    log.info("SIGTERM: stopping after the work in progress")
    if http:
        stop.set()
    elif main is not None:
        main.cancel()
