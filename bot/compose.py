"""Builds a core: a fresh router with the core's settings and every feature installed."""

from __future__ import annotations

from bot import core_settings
from bot.app import Outarde
from bot.clock import Clock
from bot.features import (
    charter,
    followup,
    highlights,
    meetings,
    outarde,
    overview,
    partners,
    polls,
    region,
    vocab,
)
from bot.limits import Limits
from bot.ports import Notifier
from bot.router import Router
from storage.db import Database

FEATURES = (
    highlights, meetings, outarde, partners, polls, vocab, followup, charter, overview, region,
)  # fmt: skip
"""Every feature package; each offers ``setup(router)``. Their order is the help's order."""


def build_router() -> Router:
    """A router knowing the core's settings and every feature (one per core)."""
    router = Router()
    for feature in FEATURES:
        if feature is outarde:  # /outarde config lists the core's settings with its own
            core_settings.install(router)
        feature.setup(router)
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
) -> Outarde:
    """The core, delivering through ``notifier``, on a router of its own; ``limits``: the
    rate limits and bounds of its intake (the environment's by default); with ``platform``,
    its scheduler runs only that platform's jobs (several platforms on one database)."""
    return Outarde(
        db,
        router=router or build_router(),
        notifier=notifier,
        clock=clock,
        founder_is_coordinator=founder_is_coordinator,
        limits=limits,
        platform=platform,
    )
