"""Reading and writing evaluations: their score counters and their shuffled comments."""

from __future__ import annotations

import json
import secrets
from datetime import datetime

from sqlmodel import col, func, select, update

from bot.ctx import Ctx
from storage.models.polls import Poll, PollComments, PollVoter, ScoreTally
from storage.queries import in_chunks

from .results import SCORES, CriterionScore, scores_from


async def add_evaluation(
    ctx: Ctx, title: str, criteria: list[str], closes_at: datetime, meeting_id: int | None
) -> Poll:
    """Store an anonymous evaluation, a zero counter per criterion and score, no comment."""
    poll = Poll(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        author_id=ctx.actor.user_id if ctx.actor else "",
        kind="evaluation",
        question=title,
        anonymous=True,
        hidden=True,
        closes_at=closes_at,
        created_at=ctx.now,
        min_responses=int(ctx.setting("seuil_anonymat")),
        meeting_id=meeting_id,
        criteria=json.dumps(criteria, ensure_ascii=False),
    )
    ctx.session.add(poll)
    await ctx.session.flush()
    assert poll.id is not None
    for index in range(len(criteria)):
        for score in SCORES:
            ctx.session.add(
                ScoreTally(workspace=ctx.workspace, poll_id=poll.id, criterion=index, score=score)
            )
    ctx.session.add(PollComments(workspace=ctx.workspace, poll_id=poll.id))
    await ctx.session.flush()
    return poll


async def meeting_evaluated(ctx: Ctx, meeting_id: int) -> bool:
    """Whether an evaluation of this meeting was already posted."""
    statement = select(Poll.id).where(
        Poll.workspace == ctx.workspace, Poll.kind == "evaluation", Poll.meeting_id == meeting_id
    )
    return (await ctx.session.exec(statement)).first() is not None


async def evaluations(ctx: Ctx) -> list[Poll]:
    """Every evaluation of this workspace, oldest first."""
    statement = (
        select(Poll)
        .where(Poll.workspace == ctx.workspace, Poll.kind == "evaluation")
        .order_by(col(Poll.created_at), col(Poll.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def evaluations_page(ctx: Ctx, offset: int, limit: int) -> list[Poll]:
    """``limit`` evaluations of this workspace, newest first, after skipping ``offset``."""
    statement = (
        select(Poll)
        .where(Poll.workspace == ctx.workspace, Poll.kind == "evaluation")
        .order_by(col(Poll.created_at).desc(), col(Poll.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return list((await ctx.session.exec(statement)).all())


async def answer_counts(ctx: Ctx, polls: list[Poll]) -> dict[int, int]:
    """How many people answered each evaluation (one grouped COUNT for them all)."""
    ids = [poll.id for poll in polls if poll.id is not None]
    if not ids:
        return {}
    statement = (
        select(PollVoter.poll_id, func.count())
        .where(PollVoter.workspace == ctx.workspace, col(PollVoter.poll_id).in_(ids))
        .group_by(col(PollVoter.poll_id))
    )
    counts = {poll_id: 0 for poll_id in ids}
    counts.update((poll_id, int(n)) for poll_id, n in (await ctx.session.exec(statement)).all())
    return counts


async def add_scores(ctx: Ctx, poll: Poll, counts: dict[tuple[int, int], int]) -> None:
    """Add to the counter of each (criterion index, score) how many answers gave it."""
    for (index, score), count in counts.items():
        await ctx.session.exec(
            update(ScoreTally)  # type: ignore[call-overload]
            .where(
                col(ScoreTally.workspace) == ctx.workspace,
                col(ScoreTally.poll_id) == poll.id,
                col(ScoreTally.criterion) == index,
                col(ScoreTally.score) == score,
            )
            .values(count=ScoreTally.count + count)
        )


async def scores_of(ctx: Ctx, poll: Poll) -> list[CriterionScore]:
    """The counts per score of each criterion of an evaluation."""
    statement = select(ScoreTally).where(
        ScoreTally.workspace == ctx.workspace, ScoreTally.poll_id == poll.id
    )
    return scores_from(poll, (await ctx.session.exec(statement)).all())


async def scores_of_polls(
    ctx: Ctx, polls: list[Poll]
) -> list[list[CriterionScore]]:
    """:func:`scores_of` for each of ``polls``, in one query per IN list of evaluations (columns,
    not rows)."""
    rows: dict[int, list] = {poll.id or 0: [] for poll in polls}
    ids = list(rows)
    for some in in_chunks(ids):
        statement = select(
            ScoreTally.poll_id, ScoreTally.criterion, ScoreTally.score, ScoreTally.count
        ).where(
            ScoreTally.workspace == ctx.workspace,
            col(ScoreTally.poll_id).in_(some),
        )
        for row in (await ctx.session.exec(statement)).all():
            rows[row.poll_id].append(row)
    return [scores_from(poll, rows[poll.id or 0]) for poll in polls]


async def add_comments(ctx: Ctx, poll: Poll, comments: list[str]) -> None:
    """Insert each comment at a random place of the shuffled list (no order to match)."""
    statement = (
        select(PollComments)
        .where(PollComments.workspace == ctx.workspace, PollComments.poll_id == poll.id)
        .with_for_update()
    )
    row = (await ctx.session.exec(statement)).first()
    if row is None:
        row = PollComments(workspace=ctx.workspace, poll_id=poll.id or 0)
    texts = list(json.loads(row.texts))
    for comment in comments:
        texts.insert(secrets.randbelow(len(texts) + 1), comment)
    row.texts = json.dumps(texts, ensure_ascii=False)
    ctx.session.add(row)


async def comments_of(ctx: Ctx, poll: Poll) -> list[str]:
    """An evaluation's comments, in their shuffled order."""
    statement = select(PollComments.texts).where(
        PollComments.workspace == ctx.workspace, PollComments.poll_id == poll.id
    )
    stored = (await ctx.session.exec(statement)).first()
    return list(json.loads(stored)) if stored else []
