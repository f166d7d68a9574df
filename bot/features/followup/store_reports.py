"""Queries on the comptes rendus; each filters on workspace and channel."""

from __future__ import annotations

from sqlmodel import col, select

from bot.ctx import Ctx
from bot.errors import NotFound
from bot.features.followup.rules import DRAFT
from storage.models.followup import FollowupReport
from storage.queries import add_row


async def add_report(ctx: Ctx, report: FollowupReport) -> FollowupReport:
    return await add_row(ctx.session, report)


async def get_report(ctx: Ctx, number: int, *, lock: bool = False) -> FollowupReport:
    """Compte rendu ``number`` of this workspace and channel, else NotFound."""
    statement = select(FollowupReport).where(
        col(FollowupReport.id) == number,
        FollowupReport.workspace == ctx.workspace,
        FollowupReport.channel == ctx.place.channel,
    )
    if lock:
        statement = statement.with_for_update()
    report = (await ctx.session.exec(statement)).first()
    if report is None:
        raise NotFound("followup.unknown_report", number=number)
    return report


async def report_for_meeting(ctx: Ctx, meeting_id: int) -> FollowupReport | None:
    statement = select(FollowupReport).where(
        FollowupReport.workspace == ctx.workspace, FollowupReport.meeting_id == meeting_id
    )
    return (await ctx.session.exec(statement)).first()


async def recent_reports(ctx: Ctx, limit: int = 10) -> list[FollowupReport]:
    statement = (
        select(FollowupReport)
        .where(
            FollowupReport.workspace == ctx.workspace,
            FollowupReport.channel == ctx.place.channel,
        )
        .order_by(col(FollowupReport.id).desc())
        .limit(limit)
    )
    return list((await ctx.session.exec(statement)).all())


async def drafts(ctx: Ctx) -> list[FollowupReport]:
    """The drafts waiting for the table's approval, oldest first."""
    statement = (
        select(FollowupReport)
        .where(
            FollowupReport.workspace == ctx.workspace,
            FollowupReport.channel == ctx.place.channel,
            FollowupReport.status == DRAFT,
        )
        .order_by(col(FollowupReport.id))
    )
    return list((await ctx.session.exec(statement)).all())
