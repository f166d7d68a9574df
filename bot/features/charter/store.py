"""Queries on the charter's versions; every one filters on the workspace."""

from __future__ import annotations

from sqlmodel import col, func, select

from bot.ctx import Ctx
from bot.features.charter.versions import ADOPTED, DRAFT
from storage.models.charter import CharterVersion
from storage.queries import add_row


async def versions(ctx: Ctx) -> list[CharterVersion]:
    """Every version of the charter, oldest first."""
    statement = (
        select(CharterVersion)
        .where(CharterVersion.workspace == ctx.workspace)
        .order_by(col(CharterVersion.number))
    )
    return list((await ctx.session.exec(statement)).all())


async def in_state(ctx: Ctx, status: str) -> CharterVersion | None:
    """The version in ``status`` (the open draft, or the charter in force), if any."""
    statement = (
        select(CharterVersion)
        .where(CharterVersion.workspace == ctx.workspace, CharterVersion.status == status)
        .order_by(col(CharterVersion.number).desc())
        .with_for_update()
    )
    return (await ctx.session.exec(statement)).first()


async def draft(ctx: Ctx) -> CharterVersion | None:
    return await in_state(ctx, DRAFT)


async def adopted(ctx: Ctx) -> CharterVersion | None:
    return await in_state(ctx, ADOPTED)


async def add_version(ctx: Ctx, text: str) -> CharterVersion:
    """A new draft numbered after every version of this workspace."""
    statement = select(func.max(CharterVersion.number)).where(
        CharterVersion.workspace == ctx.workspace
    )
    last = (await ctx.session.exec(statement)).first() or 0
    version = CharterVersion(
        workspace=ctx.workspace,
        number=int(last) + 1,
        text=text,
        author_id=ctx.user_id,
        status=DRAFT,
        created_at=ctx.now,
    )
    return await add_row(ctx.session, version)


async def set_status(ctx: Ctx, version: CharterVersion, status: str) -> None:
    """Move ``version`` to ``status``; adopting records who and when."""
    version.status = status
    if status == ADOPTED:
        version.adopted_at, version.adopted_by = ctx.now, ctx.user_id
    ctx.session.add(version)
    await ctx.session.flush()
