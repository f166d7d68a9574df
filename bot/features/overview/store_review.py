"""What the year in review reads: every feature's rows of a period, through their models."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlmodel import col, func, select

from bot.ctx import Ctx
from storage.models import Member
from storage.models.charter import CharterVersion
from storage.models.highlights import Highlight, HighlightInterest, HighlightTag
from storage.models.meetings import Meeting, Rsvp, TrioSeat
from storage.models.partners import Adhesion, Organisation, PartnerEvent
from storage.models.polls import Poll, PollVoter, ScoreTally
from storage.models.vocab import VocabProposal


async def held_meetings(ctx: Ctx, start: datetime, end: datetime) -> list[Meeting]:
    """Planned meetings that began in [start, end) and before now."""
    statement = (
        select(Meeting)
        .where(
            Meeting.workspace == ctx.workspace,
            Meeting.status == "planned",
            col(Meeting.starts_at) >= start,
            col(Meeting.starts_at) < min(end, ctx.now),
        )
        .order_by(col(Meeting.starts_at))
    )
    return list((await ctx.session.exec(statement)).all())


async def rsvps(ctx: Ctx, meeting_ids: list[int]) -> list[Rsvp]:
    if not meeting_ids:
        return []
    statement = select(Rsvp).where(
        Rsvp.workspace == ctx.workspace, col(Rsvp.meeting_id).in_(meeting_ids)
    )
    return list((await ctx.session.exec(statement)).all())


async def trio_seats(ctx: Ctx, meeting_ids: list[int]) -> list[TrioSeat]:
    """The accepted trio roles of these meetings."""
    if not meeting_ids:
        return []
    statement = select(TrioSeat).where(
        TrioSeat.workspace == ctx.workspace,
        col(TrioSeat.meeting_id).in_(meeting_ids),
        TrioSeat.status == "accepted",
        col(TrioSeat.user_id).is_not(None),
    )
    return list((await ctx.session.exec(statement)).all())


async def members(ctx: Ctx) -> dict[str, Member]:
    statement = select(Member).where(Member.workspace == ctx.workspace)
    return {member.user_id: member for member in (await ctx.session.exec(statement)).all()}


async def highlights(ctx: Ctx, start: datetime, end: datetime) -> list[Highlight]:
    statement = (
        select(Highlight)
        .where(
            Highlight.workspace == ctx.workspace,
            col(Highlight.created_at) >= start,
            col(Highlight.created_at) < end,
            col(Highlight.withdrawn_at).is_(None),
        )
        .order_by(col(Highlight.created_at))
    )
    return list((await ctx.session.exec(statement)).all())


async def highlight_tags(ctx: Ctx, ids: list[int]) -> list[HighlightTag]:
    if not ids:
        return []
    statement = select(HighlightTag).where(
        HighlightTag.workspace == ctx.workspace, col(HighlightTag.highlight_id).in_(ids)
    )
    return list((await ctx.session.exec(statement)).all())


async def interest_counts(ctx: Ctx, ids: list[int]) -> Counter[int]:
    """How many people found each highlight useful."""
    if not ids:
        return Counter()
    statement = (
        select(HighlightInterest.highlight_id, func.count())
        .where(
            HighlightInterest.workspace == ctx.workspace,
            col(HighlightInterest.highlight_id).in_(ids),
        )
        .group_by(col(HighlightInterest.highlight_id))
    )
    return Counter(dict((await ctx.session.exec(statement)).all()))


async def adopted_terms(ctx: Ctx, start: datetime, end: datetime) -> list[VocabProposal]:
    statement = (
        select(VocabProposal)
        .where(
            VocabProposal.workspace == ctx.workspace,
            col(VocabProposal.adopted_at) >= start,
            col(VocabProposal.adopted_at) < end,
        )
        .order_by(col(VocabProposal.adopted_at))
    )
    return list((await ctx.session.exec(statement)).all())


async def polls(ctx: Ctx, start: datetime, end: datetime) -> list[Poll]:
    """Polls and evaluations begun in the period, oldest first."""
    statement = (
        select(Poll)
        .where(
            Poll.workspace == ctx.workspace,
            col(Poll.created_at) >= start,
            col(Poll.created_at) < end,
        )
        .order_by(col(Poll.created_at), col(Poll.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def voter_counts(ctx: Ctx, poll_ids: list[int]) -> Counter[int]:
    """How many people answered each anonymous poll or evaluation."""
    if not poll_ids:
        return Counter()
    statement = (
        select(PollVoter.poll_id, func.count())
        .where(PollVoter.workspace == ctx.workspace, col(PollVoter.poll_id).in_(poll_ids))
        .group_by(col(PollVoter.poll_id))
    )
    return Counter(dict((await ctx.session.exec(statement)).all()))


async def score_totals(ctx: Ctx, poll_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per evaluation: (sum of scores, number of scores given), every criterion together."""
    if not poll_ids:
        return {}
    statement = (
        select(
            ScoreTally.poll_id,
            func.sum(ScoreTally.score * ScoreTally.count),
            func.sum(ScoreTally.count),
        )
        .where(ScoreTally.workspace == ctx.workspace, col(ScoreTally.poll_id).in_(poll_ids))
        .group_by(col(ScoreTally.poll_id))
    )
    rows = (await ctx.session.exec(statement)).all()
    return {poll_id: (int(total or 0), int(count or 0)) for poll_id, total, count in rows}


async def organisations(ctx: Ctx) -> list[Organisation]:
    statement = (
        select(Organisation)
        .where(Organisation.workspace == ctx.workspace)
        .order_by(col(Organisation.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def adopted_charters(ctx: Ctx, start: datetime, end: datetime) -> list[CharterVersion]:
    statement = (
        select(CharterVersion)
        .where(
            CharterVersion.workspace == ctx.workspace,
            col(CharterVersion.adopted_at) >= start,
            col(CharterVersion.adopted_at) < end,
        )
        .order_by(col(CharterVersion.number))
    )
    return list((await ctx.session.exec(statement)).all())


async def partner_events(ctx: Ctx, start: datetime, end: datetime) -> list[PartnerEvent]:
    statement = (
        select(PartnerEvent)
        .where(
            PartnerEvent.workspace == ctx.workspace,
            col(PartnerEvent.at) >= start,
            col(PartnerEvent.at) < end,
        )
        .order_by(col(PartnerEvent.at), col(PartnerEvent.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def adhesions(ctx: Ctx, start: datetime, end: datetime) -> list[Adhesion]:
    """Adhesions recorded in the period, oldest first."""
    statement = (
        select(Adhesion)
        .where(
            Adhesion.workspace == ctx.workspace,
            col(Adhesion.recorded_at) >= start,
            col(Adhesion.recorded_at) < end,
        )
        .order_by(col(Adhesion.recorded_at), col(Adhesion.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def adhering(ctx: Ctx, number: int) -> list[Adhesion]:
    """The adhesions to charter version ``number``."""
    statement = select(Adhesion).where(
        Adhesion.workspace == ctx.workspace, Adhesion.charter_number == number
    )
    return list((await ctx.session.exec(statement)).all())
