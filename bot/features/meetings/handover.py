"""A handover moves the trio history of the person leaving to their successor, so the
rotation counts the organisation's turns (hooks.PERSON_HANDED_OVER)."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.features.meetings.commands import feature
from bot.features.meetings.store_handover import move_trio_seats


@feature.hook(hooks.PERSON_HANDED_OVER)
async def hand_over_trio(ctx: Ctx, old: str, new: str) -> str | None:
    moved = await move_trio_seats(ctx, old, new)
    return ctx.tn("meetings_handover.trio_moved", moved) if moved else None
