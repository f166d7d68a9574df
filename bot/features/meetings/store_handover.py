"""A handover's trio history: every query filters on the workspace."""

from __future__ import annotations

from sqlmodel import col, update

from bot.ctx import Ctx
from storage.models.meetings import TrioSeat


async def move_trio_seats(ctx: Ctx, old: str, new: str) -> int:
    """The trio roles ``old`` held (or holds) are now ``new``'s; how many moved."""
    statement = (
        update(TrioSeat)
        .where(col(TrioSeat.workspace) == ctx.workspace, col(TrioSeat.user_id) == old)
        .values(user_id=new)
    )
    result = await ctx.session.exec(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)
