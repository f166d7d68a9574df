"""All of /outarde region's SQL: regions, memberships, and a member table's settings.

Every look-up is scoped: a hub finds only its own region and the memberships of it; a table
finds only its own membership. An id typed or clicked elsewhere finds nothing.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, delete, select

from bot.ctx import Ctx
from storage.models import Setting
from storage.models.region import Region, RegionMember
from storage.queries import add_row

MEMBER, PENDING = "member", "pending"


async def hub_region(ctx: Ctx) -> Region | None:
    """The region this workspace is the hub of."""
    statement = select(Region).where(Region.workspace == ctx.workspace)
    return (await ctx.session.exec(statement)).first()


async def region_by_code(ctx: Ctx, code: str) -> Region | None:
    return (await ctx.session.exec(select(Region).where(Region.code == code))).first()


async def region_by_id(ctx: Ctx, region_id: int) -> Region | None:
    return await ctx.session.get(Region, region_id)


async def create_region(ctx: Ctx, name: str, code: str) -> Region:
    region = Region(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        name=name,
        code=code,
        created_by=ctx.user_id,
        created_at=ctx.now,
    )
    return await add_row(ctx.session, region)


async def own_membership(ctx: Ctx) -> RegionMember | None:
    """This table's membership (asked or accepted), if any."""
    statement = select(RegionMember).where(RegionMember.workspace == ctx.workspace)
    return (await ctx.session.exec(statement)).first()


async def ask_to_join(ctx: Ctx, region: Region, table_name: str) -> RegionMember:
    member = RegionMember(
        workspace=ctx.workspace,
        region_id=region.id or 0,
        channel=ctx.place.channel,
        table_name=table_name,
        asked_by=ctx.user_id,
        asked_at=ctx.now,
    )
    return await add_row(ctx.session, member)


async def members_of(ctx: Ctx, region: Region, status: str | None = None) -> list[RegionMember]:
    statement = select(RegionMember).where(RegionMember.region_id == region.id)
    if status is not None:
        statement = statement.where(RegionMember.status == status)
    statement = statement.order_by(col(RegionMember.id))
    return list((await ctx.session.exec(statement)).all())


async def member_of_region(ctx: Ctx, region: Region, number: int) -> RegionMember | None:
    """Membership ``number`` of this hub's region (a number of another region finds nothing)."""
    statement = select(RegionMember).where(
        RegionMember.id == number, RegionMember.region_id == region.id
    )
    return (await ctx.session.exec(statement)).first()


async def accept(ctx: Ctx, member: RegionMember) -> None:
    member.status, member.accepted_by = MEMBER, ctx.user_id
    ctx.session.add(member)


async def remove(ctx: Ctx, member: RegionMember) -> None:
    await ctx.session.delete(member)


async def set_theme(ctx: Ctx, member: RegionMember, key: str, label: str) -> None:
    member.theme, member.theme_label = key, label
    ctx.session.add(member)


async def delete_region(ctx: Ctx, region: Region) -> None:
    """The hub stops: every membership of its region goes with it."""
    await ctx.session.exec(  # type: ignore[call-overload]
        delete(RegionMember).where(col(RegionMember.region_id) == region.id)
    )
    await ctx.session.delete(region)


async def settings_of(ctx: Ctx, workspace: str) -> dict[str, Any]:
    """A member table's settings (its own values, else the defaults)."""
    statement = select(Setting).where(Setting.workspace == workspace)
    stored = {row.name: json.loads(row.value) for row in (await ctx.session.exec(statement))}
    return {name: stored.get(name, spec.default) for name, spec in ctx.router.settings.items()}
