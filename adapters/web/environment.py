"""The web server as the environment asks for it: ``OUTARDE_WEB_PORT`` (off when unset) and
``OUTARDE_WEB_HOST``. aiohttp and the routes are loaded only when a port is set, so a start
without the web server does not pay for them."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

    from adapters.web.server import RunningWeb
    from bot.app import Outarde

PORT = "OUTARDE_WEB_PORT"
HOST = "OUTARDE_WEB_HOST"


def configured_port() -> int | None:
    """``OUTARDE_WEB_PORT`` as a port number; None when unset. A wrong value stops the start
    with a message saying what to write."""
    value = os.environ.get(PORT, "").strip()
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) < 65536:
        print(
            f"{PORT}={value[:20]!r} n'est pas un numéro de port : écrivez par exemple "
            f"{PORT}=8080 (ou retirez la variable pour ne pas ouvrir de serveur web).\n"
            f"{PORT} must be a port number, e.g. 8080.",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return int(value)


async def start_from_environment(core: Outarde) -> RunningWeb | None:
    """Start the web server when ``OUTARDE_WEB_PORT`` asks for it, else nothing."""
    port = configured_port()
    if port is None:
        return None
    from adapters.web.server import start_web

    return await start_web(core, os.environ.get(HOST, "0.0.0.0"), port)


class FromEnvironment:
    """The web server as ``OUTARDE_WEB_PORT`` configures it (see adapters.startup.WebServer)."""

    async def beside(self, core: Outarde) -> RunningWeb | None:
        return await start_from_environment(core)

    def within(self, application: web.Application, core: Outarde) -> bool:
        if configured_port() is None:
            return False
        from adapters.web.server import install

        install(application, core)
        return True


SERVER = FromEnvironment()
