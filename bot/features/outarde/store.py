"""Queries on the workspace's settings and coordinators."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import delete, select

from bot.ctx import Ctx
from storage.models import Coordinator, Member, Setting
from storage.queries import insert_ignore, upsert


async def save_setting(ctx: Ctx, name: str, value: Any) -> None:
    """Store the workspace's value of setting ``name``."""
    await upsert(
        ctx.session,
        Setting,
        {"workspace": ctx.workspace, "name": name, "value": json.dumps(value)},
        ["workspace", "name"],
        ["value"],
    )


async def coordinators(ctx: Ctx) -> list[tuple[str, str | None]]:
    """Every coordinator's user id and name (None for someone who never used Outarde)."""
    statement = (
        select(Coordinator.user_id, Member.display_name)
        .outerjoin(
            Member,
            (Coordinator.user_id == Member.user_id) & (Coordinator.workspace == Member.workspace),
        )
        .where(Coordinator.workspace == ctx.workspace)
    )
    return list((await ctx.session.exec(statement)).all())


async def coordinator_ids(ctx: Ctx) -> set[str]:
    """The workspace's coordinators, locked until the end of the transaction.

    Two coordinators removing each other at the same moment: the second waits for the
    first, then sees it is the last one left.
    """
    statement = select(Coordinator).where(Coordinator.workspace == ctx.workspace).with_for_update()
    return {row.user_id for row in (await ctx.session.exec(statement)).all()}


async def add_coordinator(ctx: Ctx, user_id: str) -> bool:
    """Make ``user_id`` a coordinator; False when they already were."""
    row = {"workspace": ctx.workspace, "user_id": user_id}
    return await insert_ignore(ctx.session, Coordinator, row, ["workspace", "user_id"])


async def remove_coordinator(ctx: Ctx, user_id: str) -> None:
    await ctx.session.exec(
        delete(Coordinator).where(  # type: ignore[call-overload]
            Coordinator.workspace == ctx.workspace, Coordinator.user_id == user_id
        )
    )
