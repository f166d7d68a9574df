"""/rencontre trio's storage: the seats, who declined, who served and when."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, func, select

from bot.ctx import Ctx
from bot.features.meetings.common import CANCELLED
from bot.features.meetings.trio import AWAY, SERVING
from storage.models import Member
from storage.models.meetings import Meeting, Rsvp, TrioDecline, TrioSeat
from storage.queries import insert_ignore


async def trio_seats(ctx: Ctx, meeting_id: int) -> dict[str, TrioSeat]:
    """The meeting's trio seats by role (none before a first proposal)."""
    statement = select(TrioSeat).where(
        TrioSeat.workspace == ctx.workspace, TrioSeat.meeting_id == meeting_id
    )
    return {seat.role: seat for seat in (await ctx.session.exec(statement)).all()}


async def away(ctx: Ctx, meeting: Meeting) -> set[str]:
    """Who answered absent or delegated to the meeting: they will not be there."""
    statement = select(Rsvp.user_id).where(
        Rsvp.workspace == ctx.workspace,
        Rsvp.meeting_id == meeting.id,
        col(Rsvp.answer).in_(AWAY),
    )
    return set((await ctx.session.exec(statement)).all())


async def declined_roles(ctx: Ctx, meeting: Meeting) -> dict[str, set[str] | None]:
    """The roles each person declined for this meeting (None: every role, an old record)."""
    statement = select(TrioDecline.user_id, TrioDecline.roles).where(
        TrioDecline.workspace == ctx.workspace, TrioDecline.meeting_id == meeting.id
    )
    return {
        user: (set(roles.split(",")) if roles is not None else None)
        for user, roles in (await ctx.session.exec(statement)).all()
    }


async def members_with_organisation(ctx: Ctx) -> list[Member]:
    """The workspace's people who named their organisation (``/partenaire moi``)."""
    statement = select(Member).where(
        Member.workspace == ctx.workspace, col(Member.organisation).is_not(None)
    )
    return list((await ctx.session.exec(statement)).all())


async def services(ctx: Ctx, meeting: Meeting) -> dict[str, tuple[datetime, int]]:
    """For each person who served in another meeting's trio: when last, and how many times."""
    statement = (
        select(TrioSeat.user_id, func.max(Meeting.starts_at), func.count())
        .join(Meeting, col(Meeting.id) == col(TrioSeat.meeting_id))
        .where(
            TrioSeat.workspace == ctx.workspace,
            Meeting.workspace == ctx.workspace,
            col(TrioSeat.status).in_(SERVING),
            Meeting.status != CANCELLED,
            col(Meeting.id) != meeting.id,
        )
        .group_by(col(TrioSeat.user_id))
    )
    return {user: (last, count) for user, last, count in (await ctx.session.exec(statement)).all()}


async def serving_seat(ctx: Ctx, meeting: Meeting) -> TrioSeat | None:
    """The role the person holds (proposed or accepted) in the meeting's trio, if any."""
    statement = select(TrioSeat).where(
        TrioSeat.workspace == ctx.workspace,
        TrioSeat.meeting_id == meeting.id,
        TrioSeat.user_id == ctx.user_id,
        col(TrioSeat.status).in_(SERVING),
    )
    return (await ctx.session.exec(statement)).first()


async def record_decline(ctx: Ctx, meeting: Meeting, role: str) -> None:
    """The person declined ``role`` for this meeting: never proposed again for it (another
    role may still be proposed to them)."""
    await insert_ignore(
        ctx.session,
        TrioDecline,
        {
            "workspace": ctx.workspace,
            "meeting_id": meeting.id,
            "user_id": ctx.user_id,
            "roles": "",
        },
        ["workspace", "meeting_id", "user_id"],
    )
    statement = select(TrioDecline).where(
        TrioDecline.workspace == ctx.workspace,
        TrioDecline.meeting_id == meeting.id,
        TrioDecline.user_id == ctx.user_id,
    )
    row = (await ctx.session.exec(statement)).one()
    if row.roles is not None:
        row.roles = ",".join(sorted({*filter(None, row.roles.split(",")), role}))
        ctx.session.add(row)
        await ctx.session.flush()
