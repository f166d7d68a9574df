"""What the partners outside the chat see of the follow-up: the workspace's decisions."""

from __future__ import annotations

from sqlmodel import col, select

from bot.ctx import Ctx
from bot.features.followup.rules import DECISION, TAKEN
from storage.models.followup import FollowupItem


async def recent_decisions(ctx: Ctx, limit: int = 30) -> list[FollowupItem]:
    """The workspace's decisions taken, newest first (every channel: the table's page)."""
    statement = (
        select(FollowupItem)
        .where(
            FollowupItem.workspace == ctx.workspace,
            FollowupItem.kind == DECISION,
            FollowupItem.status == TAKEN,
        )
        .order_by(col(FollowupItem.created_at).desc(), col(FollowupItem.id).desc())
        .limit(limit)
    )
    return list((await ctx.session.exec(statement)).all())
