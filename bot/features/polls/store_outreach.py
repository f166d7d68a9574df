"""What the partners outside the chat see of the polls: closed nominative results, open polls."""

from __future__ import annotations

from sqlmodel import col, select

from bot.ctx import Ctx
from storage.models.polls import Poll


async def closed_public_polls(ctx: Ctx, limit: int = 10) -> list[Poll]:
    """The workspace's closed polls that were not anonymous, newest first (evaluations and
    anonymous polls never leave the chat)."""
    statement = (
        select(Poll)
        .where(
            Poll.workspace == ctx.workspace,
            Poll.kind == "poll",
            col(Poll.anonymous).is_(False),
            col(Poll.closed_at).is_not(None),
        )
        .order_by(col(Poll.closed_at).desc(), col(Poll.id).desc())
        .limit(limit)
    )
    return list((await ctx.session.exec(statement)).all())
