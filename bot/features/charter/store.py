"""Queries on the charter's versions; every one filters on the workspace."""

from __future__ import annotations

from collections import Counter

from sqlmodel import col, func, select

from bot.ctx import Ctx
from bot.errors import NotFound
from bot.features.charter.versions import ADOPTED, DRAFT
from storage.models.charter import CharterStance, CharterStep, CharterVersion
from storage.queries import add_row, insert_ignore


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


async def get_version(ctx: Ctx, number: int) -> CharterVersion:
    """Version ``number`` of this workspace, locked for update, else NotFound."""
    statement = (
        select(CharterVersion)
        .where(CharterVersion.workspace == ctx.workspace, CharterVersion.number == number)
        .with_for_update()
    )
    version = (await ctx.session.exec(statement)).first()
    if version is None:
        raise NotFound("charter.unknown_version", number=number)
    return version


async def set_status(
    ctx: Ctx, version: CharterVersion, status: str, *, by: str | None = None
) -> None:
    """Move ``version`` to ``status`` and note the step; adopting records when and by whom
    (``by`` a coordinator, None by the threshold)."""
    version.status = status
    if status == ADOPTED:
        version.adopted_at, version.adopted_by = ctx.now, by
    ctx.session.add(version)
    await add_step(ctx, version.number, status, by)


async def add_step(
    ctx: Ctx, number: int, kind: str, user_id: str | None, reason: str | None = None
) -> None:
    """A line of version ``number``'s history."""
    step = CharterStep(
        workspace=ctx.workspace,
        version=number,
        kind=kind,
        user_id=user_id,
        reason=reason,
        at=ctx.now,
    )
    ctx.session.add(step)
    await ctx.session.flush()


async def steps(ctx: Ctx) -> list[CharterStep]:
    """Every step of every version, in order."""
    statement = (
        select(CharterStep)
        .where(CharterStep.workspace == ctx.workspace)
        .order_by(col(CharterStep.at), col(CharterStep.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def has_step(ctx: Ctx, number: int, kind: str) -> bool:
    statement = select(CharterStep.id).where(
        CharterStep.workspace == ctx.workspace,
        CharterStep.version == number,
        CharterStep.kind == kind,
    )
    return (await ctx.session.exec(statement)).first() is not None


async def my_stance(ctx: Ctx, number: int) -> CharterStance | None:
    statement = select(CharterStance).where(
        CharterStance.workspace == ctx.workspace,
        CharterStance.version == number,
        CharterStance.user_id == ctx.user_id,
    )
    return (await ctx.session.exec(statement)).first()


async def cast_stance(ctx: Ctx, number: int, kind: str, reason: str | None) -> str | None:
    """Record the person's stance (one per person); returns their previous kind, if any."""
    values = {
        "workspace": ctx.workspace,
        "version": number,
        "user_id": ctx.user_id,
        "kind": kind,
        "reason": reason,
        "created_at": ctx.now,
    }
    keys = ["workspace", "version", "user_id"]
    if await insert_ignore(ctx.session, CharterStance, values, keys):
        return None
    stance = await my_stance(ctx, number)
    assert stance is not None
    previous = stance.kind
    stance.kind, stance.reason, stance.created_at = kind, reason, ctx.now
    ctx.session.add(stance)
    await ctx.session.flush()
    return previous


async def remove_stance(ctx: Ctx, number: int) -> str | None:
    """Remove the person's stance on version ``number``; returns its kind, None if none."""
    stance = await my_stance(ctx, number)
    if stance is None:
        return None
    await ctx.session.delete(stance)
    await ctx.session.flush()
    return stance.kind


async def stances_of(ctx: Ctx, number: int) -> list[CharterStance]:
    statement = (
        select(CharterStance)
        .where(CharterStance.workspace == ctx.workspace, CharterStance.version == number)
        .order_by(col(CharterStance.created_at), col(CharterStance.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def counts_of(ctx: Ctx, number: int) -> Counter[str]:
    """Endorsements and objections of version ``number``, counted by the database."""
    statement = (
        select(CharterStance.kind, func.count())
        .where(CharterStance.workspace == ctx.workspace, CharterStance.version == number)
        .group_by(CharterStance.kind)
    )
    return Counter({kind: count for kind, count in (await ctx.session.exec(statement)).all()})
