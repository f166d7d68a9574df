"""Reading and writing polls and their votes, always within the caller's workspace."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, delete, func, or_, select, update

from bot.ctx import Ctx
from bot.errors import UserError
from storage.models import Member
from storage.models.polls import Poll, PollBallot, PollChoice, PollVote, PollVoter
from storage.queries import add_row, insert_ignore, insert_rows, upsert

from .options import PollSpec
from .results import Tally
from .rules import ballots_are_secret


# -- polls -----------------------------------------------------------------------------------
async def add_poll(
    ctx: Ctx, spec: PollSpec, closes_at: datetime | None
) -> tuple[Poll, list[PollChoice]]:
    """Store a new poll and its choices; the anonymity threshold in force is kept with it."""
    poll = Poll(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        author_id=ctx.user_id,
        question=spec.question,
        max_choices=spec.max_choices,
        anonymous=spec.anonymous,
        hidden=spec.hidden,
        remind=spec.remind,
        closes_at=closes_at,
        created_at=ctx.now,
        min_responses=int(ctx.setting("seuil_anonymat")),
    )
    await add_row(ctx.session, poll)
    assert poll.id is not None
    choices = [
        PollChoice(workspace=ctx.workspace, poll_id=poll.id, position=position, label=label)
        for position, label in enumerate(spec.choices)
    ]
    await insert_rows(ctx.session, choices)
    return poll, choices


async def get_poll(ctx: Ctx, poll_id: int, *, kind: str | None = None) -> Poll:
    """The poll ``poll_id`` of this workspace; NotFound-like UserError otherwise."""
    statement = select(Poll).where(Poll.workspace == ctx.workspace, Poll.id == poll_id)
    poll = (await ctx.session.exec(statement)).first()
    if poll is None or (kind is not None and poll.kind != kind):
        raise UserError("polls.unknown_poll", id=poll_id)
    return poll


async def find_poll(ctx: Ctx, poll_id: int) -> Poll | None:
    """The poll ``poll_id`` of this workspace, or None."""
    try:
        return await get_poll(ctx, poll_id)
    except UserError:
        return None


async def choices_of(ctx: Ctx, poll: Poll) -> list[PollChoice]:
    """A poll's choices, in their order."""
    statement = (
        select(PollChoice)
        .where(PollChoice.workspace == ctx.workspace, PollChoice.poll_id == poll.id)
        .order_by(col(PollChoice.position))
    )
    return list((await ctx.session.exec(statement)).all())


async def open_polls(ctx: Ctx) -> list[Poll]:
    """This channel's polls and evaluations still taking answers, newest first."""
    statement = (
        select(Poll)
        .where(
            Poll.workspace == ctx.workspace,
            Poll.channel == ctx.place.channel,
            col(Poll.closed_at).is_(None),  # and not past its deadline (closing job late)
            or_(col(Poll.closes_at).is_(None), col(Poll.closes_at) > ctx.now),
        )
        .order_by(col(Poll.id).desc())
    )
    return list((await ctx.session.exec(statement)).all())


async def mark_closed(ctx: Ctx, poll: Poll, at: datetime) -> None:
    """Record that the poll closed at ``at``."""
    poll.closed_at = at
    ctx.session.add(poll)
    await ctx.session.flush()


async def set_deadline(ctx: Ctx, poll: Poll, closes_at: datetime) -> None:
    """A new deadline; a closed poll opens again until then."""
    poll.closes_at, poll.closed_at = closes_at, None
    ctx.session.add(poll)
    await ctx.session.flush()


# -- counting --------------------------------------------------------------------------------
async def voter_count(ctx: Ctx, poll: Poll) -> int:
    """How many people answered (SQL COUNT, exact under concurrent clicks)."""
    if ballots_are_secret(poll):
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


async def has_answered(ctx: Ctx, poll: Poll, user_id: str) -> bool:
    """Whether the person answered (voted, cast a ballot or evaluated)."""
    if ballots_are_secret(poll):
        statement = select(PollVoter.id).where(
            PollVoter.workspace == ctx.workspace,
            PollVoter.poll_id == poll.id,
            PollVoter.user_id == user_id,
        )
        return (await ctx.session.exec(statement)).first() is not None
    return bool(await my_positions(ctx, poll, user_id))


async def non_voters(ctx: Ctx, poll: Poll) -> list[Member]:
    """Members of the workspace who have not answered, by display name."""
    if ballots_are_secret(poll):
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


# -- nominative votes ------------------------------------------------------------------------
async def my_positions(ctx: Ctx, poll: Poll, user_id: str) -> list[int]:
    """The positions a person chose in a nominative poll."""
    statement = select(PollVote.position).where(
        PollVote.workspace == ctx.workspace,
        PollVote.poll_id == poll.id,
        PollVote.user_id == user_id,
    )
    return sorted((await ctx.session.exec(statement)).all())


def _my_vote(ctx: Ctx, poll: Poll) -> dict[str, object]:
    return {"workspace": ctx.workspace, "poll_id": poll.id, "user_id": ctx.user_id}


async def set_vote(ctx: Ctx, poll: Poll, position: int) -> None:
    """The person's only choice (single choice): added, or replacing the previous one."""
    await upsert(
        ctx.session,
        PollVote,
        {**_my_vote(ctx, poll), "slot": 0, "position": position},
        ["poll_id", "user_id", "slot"],
        ["position"],
    )


async def add_pick(ctx: Ctx, poll: Poll, position: int) -> None:
    """One more choice of the person (multiple choice); a double click adds nothing."""
    await insert_ignore(
        ctx.session,
        PollVote,
        {**_my_vote(ctx, poll), "slot": position, "position": position},
        ["poll_id", "user_id", "slot"],
    )


async def remove_votes(ctx: Ctx, poll: Poll, position: int | None = None) -> int:
    """Remove the person's choice at ``position`` (all of them when None); how many went."""
    statement = delete(PollVote).where(
        col(PollVote.workspace) == ctx.workspace,
        col(PollVote.poll_id) == poll.id,
        col(PollVote.user_id) == ctx.user_id,
    )
    if position is not None:
        statement = statement.where(col(PollVote.position) == position)
    result = await ctx.session.exec(statement)  # type: ignore[call-overload]
    return int(result.rowcount or 0)


async def nominative_rows(ctx: Ctx, poll: Poll) -> list[tuple[str, int, str | None, str | None]]:
    """Each vote: user id, position, and the person's name and organisation when known."""
    statement = (
        select(PollVote.user_id, PollVote.position, Member.display_name, Member.organisation)
        .join(
            Member,
            (Member.workspace == PollVote.workspace) & (Member.user_id == PollVote.user_id),
            isouter=True,
        )
        .where(PollVote.workspace == ctx.workspace, PollVote.poll_id == poll.id)
        .order_by(col(Member.display_name), col(PollVote.position))
    )
    return [tuple(row) for row in (await ctx.session.exec(statement)).all()]  # type: ignore[misc]


# -- anonymous ballots -----------------------------------------------------------------------
# Who voted is recorded apart from what was chosen. The choice travels only in the person's
# private draft (button values, never stored) until they confirm; then one ``PollVoter`` row
# (who) and one sealed ``PollBallot`` (what, unreadable without the key, which the database
# does not hold) are inserted. The counters change only at the close, when every ballot is
# opened and counted at once: no transaction, id, order or time of the counters is a vote's.
async def record_voter(ctx: Ctx, poll: Poll) -> bool:
    """Note that the person answered (kept apart from the ballots); False if already noted."""
    return await insert_ignore(
        ctx.session,
        PollVoter,
        {"workspace": ctx.workspace, "poll_id": poll.id, "user_id": ctx.user_id},
        ["poll_id", "user_id"],
    )


async def hold_open(ctx: Ctx, poll: Poll) -> bool:
    """Lock the poll row while it is still open, so a close waits for this ballot (and
    counts it) or this ballot sees the close; False when it closed meanwhile."""
    statement = (
        update(Poll)
        .where(
            col(Poll.workspace) == ctx.workspace,
            col(Poll.id) == poll.id,
            col(Poll.closed_at).is_(None),
        )
        .values(closed_at=None)
        .execution_options(synchronize_session=False)
    )
    result = await ctx.session.exec(statement)  # type: ignore[call-overload]
    return bool(result.rowcount)


async def add_ballot(ctx: Ctx, poll: Poll, sealed: str) -> None:
    """Put a sealed ballot in the poll's box (no person, no time)."""
    assert poll.id is not None
    await add_row(ctx.session, PollBallot(workspace=ctx.workspace, poll_id=poll.id, sealed=sealed))


async def take_ballots(ctx: Ctx, poll: Poll) -> list[str]:
    """Empty the poll's box: its sealed ballots, each taken by one closer only."""
    statement = (
        delete(PollBallot)
        .where(col(PollBallot.workspace) == ctx.workspace, col(PollBallot.poll_id) == poll.id)
        .returning(col(PollBallot.sealed))
    )
    result = await ctx.session.exec(statement)  # type: ignore[call-overload]
    return [str(sealed) for sealed in result.scalars().all()]


async def count_ballots(ctx: Ctx, poll: Poll, counts: dict[int, int]) -> None:
    """Add ``counts`` (position → how many ballots chose it) to the poll's counters."""
    for position, count in counts.items():
        await ctx.session.exec(
            update(PollChoice)  # type: ignore[call-overload]
            .where(
                col(PollChoice.workspace) == ctx.workspace,
                col(PollChoice.poll_id) == poll.id,
                col(PollChoice.position) == position,
            )
            .values(votes=PollChoice.votes + count)
        )
