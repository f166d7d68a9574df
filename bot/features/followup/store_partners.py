"""What the partners and the bilan ask of the follow-up: every query filters on the workspace
(all its channels)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, or_, select, update

from bot.ctx import Ctx
from bot.features.followup.rules import ACTION, DECISION, OPEN, REMOVED
from bot.text import fold
from storage.models import Member
from storage.models.followup import FollowupItem


async def organisation_people(ctx: Ctx, organisation_key: str) -> list[str]:
    """The user ids of the people who represent the organisation (accents and case ignored)."""
    statement = select(Member.user_id, Member.organisation).where(
        Member.workspace == ctx.workspace, col(Member.organisation).is_not(None)
    )
    rows = (await ctx.session.exec(statement)).all()
    return [user for user, name in rows if name and fold(name) == organisation_key]


async def open_actions_of(
    ctx: Ctx, organisation_key: str, people: list[str], limit: int
) -> list[FollowupItem]:
    """Open actions owned by the organisation or by one of its people, soonest due first."""
    owners = [FollowupItem.owner_org_key == organisation_key]
    if people:
        owners.append(col(FollowupItem.owner_id).in_(people))
    statement = (
        select(FollowupItem)
        .where(
            FollowupItem.workspace == ctx.workspace,
            FollowupItem.kind == ACTION,
            FollowupItem.status == OPEN,
            or_(*owners),
        )
        .order_by(
            col(FollowupItem.due_at).is_(None), col(FollowupItem.due_at), col(FollowupItem.id)
        )
        .limit(limit)
    )
    return list((await ctx.session.exec(statement)).all())


async def move_open_actions(ctx: Ctx, old: str, new: str) -> int:
    """The open actions of ``old`` now belong to ``new``; how many moved."""
    statement = (
        update(FollowupItem)
        .where(
            col(FollowupItem.workspace) == ctx.workspace,
            col(FollowupItem.owner_id) == old,
            col(FollowupItem.kind) == ACTION,
            col(FollowupItem.status) == OPEN,
        )
        .values(owner_id=new)
    )
    result = await ctx.session.exec(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)


async def items_between(
    ctx: Ctx, start: datetime, end: datetime, organisation_key: str | None, people: list[str]
) -> list[FollowupItem]:
    """Decisions and actions recorded in [start, end) (removed ones left out)."""
    statement = select(FollowupItem).where(
        FollowupItem.workspace == ctx.workspace,
        col(FollowupItem.kind).in_((ACTION, DECISION)),
        col(FollowupItem.status) != REMOVED,
        col(FollowupItem.created_at) >= start,
        col(FollowupItem.created_at) < end,
    )
    if organisation_key is not None:
        owners = [FollowupItem.owner_org_key == organisation_key]
        if people:
            owners.append(col(FollowupItem.owner_id).in_(people))
        statement = statement.where(or_(*owners))
    return list((await ctx.session.exec(statement)).all())
