"""Builds a core: a fresh router with the core's settings and every feature installed."""

from __future__ import annotations

import importlib
from typing import cast

from bot import core_settings
from bot.app import Outarde
from bot.clock import Clock
from bot.limits import Limits
from bot.ports import Notifier
from bot.router import DeferredRouter, Router
from storage.db import Database

FEATURES = (
    "highlights", "meetings", "outarde", "partners", "polls", "vocab", "followup", "charter",
    "overview", "region",
)  # fmt: skip
"""Every feature package of ``bot.features``; each offers ``setup(router)``. Their order is
the help's order."""


def build_router() -> Router:
    """A router knowing the core's settings and every feature (one per core)."""
    router = Router()
    for name in FEATURES:
        if name == "outarde":  # /outarde config lists the core's settings with its own
            core_settings.install(router)
        importlib.import_module(f"bot.features.{name}").setup(router)
    return router


def build_core(
    db: Database,
    notifier: Notifier,
    *,
    clock: Clock | None = None,
    founder_is_coordinator: bool = False,
    router: Router | None = None,
    limits: Limits | None = None,
    platform: str | None = None,
    features_at_first_use: bool = False,
) -> Outarde:
    """The core, delivering through ``notifier``, on a router of its own; ``limits``: the
    rate limits and bounds of its intake (the environment's by default); with ``platform``,
    its scheduler runs only that platform's jobs (several platforms on one database).

    A server loads every feature now, before its first request; with
    ``features_at_first_use`` (the console) they load when the first command or job needs
    them, so a start with nothing to do stays short."""
    if router is None and features_at_first_use:
        router = cast(Router, DeferredRouter(build_router))
    return Outarde(
        db,
        router=router or build_router(),
        notifier=notifier,
        clock=clock,
        founder_is_coordinator=founder_is_coordinator,
        limits=limits,
        platform=platform,
    )
