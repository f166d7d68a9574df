"""Reading and writing polls, always within the caller's workspace."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, or_, select

from bot.ctx import Ctx
from bot.errors import UserError
from storage.models import Member
from storage.models.polls import Poll, PollChoice, PollVote, PollVoter
from storage.queries import insert_ignore

_VALUE = re.compile(r"^(\d{1,9})(?::(\d{1,4}))?$")


def worded(poll: Poll, key: str) -> str:
    """``polls.KEY``, or ``polls.KEY_evaluation`` for an evaluation (« réponse », not « vote »)."""
    return f"polls.{key}_evaluation" if poll.kind == "evaluation" else f"polls.{key}"


def message_key(poll_id: int) -> str:
    """The key of a poll's channel message (updated in place)."""
    return f"polls.poll:{poll_id}"


def job_key(poll_id: int) -> str:
    """The key of a poll's jobs; the colon keeps « 1: » from matching « 12: »."""
    return f"{poll_id}:"


def read_value(value: str) -> tuple[int, int | None]:
    """An untrusted button value ``"12"`` or ``"12:3"``; UserError when malformed."""
    match = _VALUE.match(value or "")
    if not match:
        raise UserError("polls.bad_button")
    second = match.group(2)
    return int(match.group(1)), int(second) if second is not None else None


def read_poll_id(text: str) -> int:
    """A poll number typed by a person (« 12 » or « n° 12 »)."""
    match = re.fullmatch(r"\s*(?:n[°o]\s*|#)?(\d{1,9})\s*", text or "")
    if not match:
        raise UserError("polls.missing_id")
    return int(match.group(1))


async def get_poll(ctx: Ctx, poll_id: int, *, kind: str | None = None) -> Poll:
    """The poll ``poll_id`` of this workspace; NotFound-like UserError otherwise."""
    statement = select(Poll).where(Poll.workspace == ctx.workspace, Poll.id == poll_id)
    poll = (await ctx.session.exec(statement)).first()
    if poll is None or (kind is not None and poll.kind != kind):
        raise UserError("polls.unknown_poll", id=poll_id)
    return poll


async def choices_of(ctx: Ctx, poll: Poll) -> list[PollChoice]:
    statement = (
        select(PollChoice)
        .where(PollChoice.workspace == ctx.workspace, PollChoice.poll_id == poll.id)
        .order_by(col(PollChoice.position))
    )
    return list((await ctx.session.exec(statement)).all())


def criteria_of(poll: Poll) -> list[str]:
    return list(json.loads(poll.criteria or "[]"))


@dataclass
class Tally:
    """Counts per choice position and how many people answered."""

    counts: list[int]
    voters: int

    @classmethod
    def nobody(cls, choices: list[PollChoice]) -> Tally:
        """The counts of a poll nobody has answered yet."""
        return cls([0] * len(choices), 0)


async def voter_count(ctx: Ctx, poll: Poll) -> int:
    """How many people answered (SQL COUNT, exact under concurrent clicks)."""
    if poll.anonymous or poll.kind == "evaluation":
        statement = select(func.count()).where(
            PollVoter.workspace == ctx.workspace, PollVoter.poll_id == poll.id
        )
    else:
        statement = select(func.count(func.distinct(PollVote.user_id))).where(
            PollVote.workspace == ctx.workspace, PollVote.poll_id == poll.id
        )
    return int((await ctx.session.exec(statement)).one())


async def tally(ctx: Ctx, poll: Poll, choices: list[PollChoice]) -> Tally:
    """The current counts of a poll."""
    if poll.anonymous:
        counts = [choice.votes for choice in choices]
    else:
        statement = (
            select(PollVote.position, func.count())
            .where(PollVote.workspace == ctx.workspace, PollVote.poll_id == poll.id)
            .group_by(col(PollVote.position))
        )
        found = dict((await ctx.session.exec(statement)).all())
        counts = [int(found.get(choice.position, 0)) for choice in choices]
    return Tally(counts, await voter_count(ctx, poll))


async def my_positions(ctx: Ctx, poll: Poll, user_id: str) -> list[int]:
    """The positions a person chose in a nominative poll."""
    statement = select(PollVote.position).where(
        PollVote.workspace == ctx.workspace,
        PollVote.poll_id == poll.id,
        PollVote.user_id == user_id,
    )
    return sorted((await ctx.session.exec(statement)).all())


async def record_voter(ctx: Ctx, poll: Poll) -> bool:
    """Note that the person answered (kept apart from the ballots); False if already noted."""
    return await insert_ignore(
        ctx.session,
        PollVoter,
        {"workspace": ctx.workspace, "poll_id": poll.id, "user_id": ctx.user_id},
        ["poll_id", "user_id"],
    )


async def has_answered(ctx: Ctx, poll: Poll, user_id: str) -> bool:
    if poll.anonymous or poll.kind == "evaluation":
        statement = select(PollVoter.id).where(
            PollVoter.workspace == ctx.workspace,
            PollVoter.poll_id == poll.id,
            PollVoter.user_id == user_id,
        )
        return (await ctx.session.exec(statement)).first() is not None
    return bool(await my_positions(ctx, poll, user_id))


async def non_voters(ctx: Ctx, poll: Poll) -> list[Member]:
    """Members of the workspace who have not answered, by display name."""
    if poll.anonymous or poll.kind == "evaluation":
        answered = select(PollVoter.user_id).where(
            PollVoter.workspace == ctx.workspace, PollVoter.poll_id == poll.id
        )
    else:
        answered = select(PollVote.user_id).where(
            PollVote.workspace == ctx.workspace, PollVote.poll_id == poll.id
        )
    statement = (
        select(Member)
        .where(Member.workspace == ctx.workspace, col(Member.user_id).not_in(answered))
        .order_by(col(Member.display_name))
    )
    return list((await ctx.session.exec(statement)).all())


async def open_polls(ctx: Ctx) -> list[Poll]:
    statement = (
        select(Poll)
        .where(
            Poll.workspace == ctx.workspace,
            col(Poll.closed_at).is_(None),  # and not past its deadline (closing job late)
            or_(col(Poll.closes_at).is_(None), col(Poll.closes_at) > ctx.now),
        )
        .order_by(col(Poll.id).desc())
    )
    return list((await ctx.session.exec(statement)).all())


def ended_at(ctx: Ctx, poll: Poll) -> datetime | None:
    """When the poll stopped taking answers: closed, or past its deadline; None while open."""
    if poll.closed_at is not None:
        return poll.closed_at
    if poll.closes_at is not None and poll.closes_at <= ctx.now:
        return poll.closes_at
    return None


def refuse_if_ended(ctx: Ctx, poll: Poll) -> None:
    """Refuse an answer once the poll is closed or its deadline has passed."""
    ended = ended_at(ctx, poll)
    if ended is not None:
        raise UserError(worded(poll, "closed"), when=ctx.when(ended))


def can_manage(ctx: Ctx, poll: Poll) -> bool:
    """The author and the coordinators may close and export."""
    return ctx.is_coordinator or (ctx.actor is not None and ctx.user_id == poll.author_id)
