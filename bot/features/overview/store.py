"""The welcome's own text, who was welcomed, and the table's state a welcome shows.

Other features' data is read only through their tables' models (storage.models).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, delete, select

from bot import hooks
from bot.ctx import Ctx
from storage.models import Job, Member
from storage.models.charter import CharterVersion
from storage.models.highlights import Highlight
from storage.models.meetings import Meeting
from storage.models.overview import Welcomed, WelcomeText
from storage.models.vocab import VocabProposal
from storage.queries import insert_ignore, upsert

KEY_TERMS = 5
RECENT_HIGHLIGHTS = 3


async def welcome_text(ctx: Ctx) -> WelcomeText | None:
    """What the coordination wrote to present the table, if anything."""
    statement = select(WelcomeText).where(WelcomeText.workspace == ctx.workspace)
    return (await ctx.session.exec(statement)).first()


async def save_welcome_text(ctx: Ctx, text: str) -> None:
    values = {
        "workspace": ctx.workspace,
        "text": text,
        "edited_by": ctx.user_id,
        "edited_at": ctx.now,
    }
    await upsert(
        ctx.session, WelcomeText, values, ["workspace"], ["text", "edited_by", "edited_at"]
    )


async def clear_welcome_text(ctx: Ctx) -> bool:
    """Back to the default text; False when there was nothing to clear."""
    statement = delete(WelcomeText).where(col(WelcomeText.workspace) == ctx.workspace)
    result = await ctx.session.exec(statement)  # type: ignore[call-overload]
    return bool(result.rowcount)


async def mark_welcomed(ctx: Ctx, user_id: str) -> bool:
    """Record that ``user_id`` gets the welcome; False if they already had it."""
    values = {"workspace": ctx.workspace, "user_id": user_id, "welcomed_at": ctx.now}
    return await insert_ignore(ctx.session, Welcomed, values, ["workspace", "user_id"])


async def adopted_charter(ctx: Ctx) -> CharterVersion | None:
    statement = select(CharterVersion).where(
        CharterVersion.workspace == ctx.workspace, CharterVersion.status == "adoptee"
    )
    return (await ctx.session.exec(statement)).first()


async def upcoming_meetings(ctx: Ctx, limit: int = 3) -> list[Meeting]:
    """The next planned meetings of the workspace, soonest first."""
    statement = (
        select(Meeting)
        .where(
            Meeting.workspace == ctx.workspace,
            Meeting.status == "planned",
            col(Meeting.starts_at) >= ctx.now,
        )
        .order_by(col(Meeting.starts_at))
        .limit(limit)
    )
    return list((await ctx.session.exec(statement)).all())


async def key_terms(ctx: Ctx) -> list[VocabProposal]:
    """The definitions adopted most recently."""
    statement = (
        select(VocabProposal)
        .where(VocabProposal.workspace == ctx.workspace, VocabProposal.status == "adoptee")
        .order_by(col(VocabProposal.adopted_at).desc(), col(VocabProposal.id).desc())
        .limit(KEY_TERMS)
    )
    return list((await ctx.session.exec(statement)).all())


async def last_harvest(ctx: Ctx) -> datetime | None:
    """When the latest récolte of faits saillants went out, if one did."""
    statement = (
        select(Job.done_at)
        .where(
            Job.workspace == ctx.workspace,
            Job.kind == hooks.HIGHLIGHTS_HARVEST,
            Job.status == "done",
        )
        .order_by(col(Job.done_at).desc())
        .limit(1)
    )
    return (await ctx.session.exec(statement)).first()


async def recent_highlights(ctx: Ctx) -> list[Highlight]:
    statement = (
        select(Highlight)
        .where(Highlight.workspace == ctx.workspace, col(Highlight.withdrawn_at).is_(None))
        .order_by(col(Highlight.created_at).desc(), col(Highlight.id).desc())
        .limit(RECENT_HIGHLIGHTS)
    )
    return list((await ctx.session.exec(statement)).all())


async def organisation_of(ctx: Ctx, user_id: str) -> str | None:
    """The organisation ``user_id`` represents, read from the database now."""
    statement = select(Member.organisation).where(
        Member.workspace == ctx.workspace, Member.user_id == user_id
    )
    return (await ctx.session.exec(statement)).first()
