"""aiohttp routes in front of ``Outarde.page``: a token in the path, a bare 404 otherwise.

Every response carries strict security headers (no script, no framing, no referrer); a
page exists only behind a live token or a published page.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from bot.app import Outarde

log = logging.getLogger("outarde.web")
HEALTH_PATH = "/healthz"
MAX_BODY = 16 * 1024  # the only form is a one-button unsubscribe
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CORE = web.AppKey("outarde_core", Outarde)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def secured(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every answer, errors included; failures never show a trace."""
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = web.Response(status=error.status, text=f"{error.status}")
    except Exception:
        log.exception("web page failed", extra={"path": request.path[:80]})
        response = web.Response(status=500, text="500")
    response.headers.update(SECURITY_HEADERS)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


async def _serve(request: web.Request, kind: str, token: str, act: bool = False) -> web.Response:
    page = await request.app[CORE].page(kind, token, act=act)
    if page is None:
        raise web.HTTPNotFound()
    response = web.Response(status=page.status, body=page.body, headers=page.headers)
    response.headers["Content-Type"] = page.content_type
    return response


async def calendar(request: web.Request) -> web.Response:
    return await _serve(request, "cal", request.match_info["token"])


async def region_calendar(request: web.Request) -> web.Response:
    return await _serve(request, "region_cal", request.match_info["token"])


async def table_page(request: web.Request) -> web.Response:
    return await _serve(request, "page", request.match_info["token"])


async def unsubscribe(request: web.Request) -> web.Response:
    act = request.method == "POST"
    if act:
        await request.read()  # bounded by MAX_BODY: 413 beyond
    return await _serve(request, "unsubscribe", request.match_info["token"], act=act)


async def signed_link(request: web.Request) -> web.Response:
    """A signed link (an RSVP…): opening it shows what it does, its button (a POST) acts."""
    act = request.method == "POST"
    if act:
        await request.read()  # bounded by MAX_BODY: 413 beyond
    page = await request.app[CORE].signed_page(request.match_info["token"], act=act)
    if page is None:
        raise web.HTTPNotFound()
    response = web.Response(status=page.status, body=page.body, headers=page.headers)
    response.headers["Content-Type"] = page.content_type
    return response


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"}, headers={"Cache-Control": "no-store"})


def install(application: web.Application, core: Outarde) -> None:
    """Add the web routes and headers to ``application`` (the Slack HTTP server's, or ours)."""
    application[CORE] = core
    application.middlewares.append(secured)
    routes = [
        web.get(r"/cal/{token:[A-Za-z0-9_-]{1,64}}.ics", calendar, allow_head=True),
        web.get(r"/region/{token:[A-Za-z0-9_-]{1,64}}.ics", region_calendar, allow_head=True),
        web.get(r"/t/{token:[A-Za-z0-9_-]{1,64}}", table_page),
        web.get(r"/desabonnement/{token:[A-Za-z0-9_-]{1,64}}", unsubscribe),
        web.post(r"/desabonnement/{token:[A-Za-z0-9_-]{1,64}}", unsubscribe),
        web.get(r"/lien/{token:[A-Za-z0-9_.-]{1,1000}}", signed_link),
        web.post(r"/lien/{token:[A-Za-z0-9_.-]{1,1000}}", signed_link),
    ]
    if not any(
        r.resource and r.resource.canonical == HEALTH_PATH for r in application.router.routes()
    ):
        routes.append(web.get(HEALTH_PATH, health))
    application.add_routes(routes)


def web_app(core: Outarde) -> web.Application:
    """The web server's application on its own."""
    application = web.Application(client_max_size=MAX_BODY)
    install(application, core)
    return application


@dataclass
class RunningWeb:
    """A web server started by ``start_web``; ``port`` is the one actually bound."""

    runner: web.AppRunner
    port: int

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start_web(core: Outarde, host: str = "0.0.0.0", port: int = 8080) -> RunningWeb:
    """Serve the web pages of ``core`` (port 0 picks a free one)."""
    runner = web.AppRunner(web_app(core), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    sockets = getattr(site._server, "sockets", None) or []
    bound = sockets[0].getsockname()[1] if sockets else port
    log.info("web server listening", extra={"host": host, "port": bound})
    return RunningWeb(runner, bound)
