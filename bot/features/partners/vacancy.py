"""Organisations nobody represents: since when, and the notice planned after 60 days."""

from __future__ import annotations

from datetime import timedelta

from bot import hooks
from bot.ctx import Ctx
from bot.features.partners import store
from storage.models.partners import Organisation

VACANCY_NOTICE = timedelta(days=60)


def job_key(organisation: Organisation) -> str:
    """The notice's key; the closing « # » keeps « cdc » from matching « cdc des collines »."""
    return f"{organisation.name_key}#"


async def left_vacant(ctx: Ctx, organisation: Organisation, *, departure: bool = True) -> None:
    """Nobody represents ``organisation`` (any more): note since when and plan the notice;
    ``departure``: its last representative just left (a line of the history)."""
    if await store.set_vacant(ctx, organisation, True):
        if departure:
            await store.add_event(ctx, "vacant", organisation.name)
        await ctx.schedule(
            hooks.PARTNERS_VACANCY,
            job_key(organisation),
            ctx.now + VACANCY_NOTICE,
            {"organisation": organisation.name_key, "since": ctx.now.isoformat()},
        )


async def filled(ctx: Ctx, organisation: Organisation) -> None:
    """Someone represents ``organisation`` again: no notice to give."""
    if await store.set_vacant(ctx, organisation, False):
        await ctx.cancel_jobs(hooks.PARTNERS_VACANCY, job_key(organisation))
