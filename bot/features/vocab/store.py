"""Queries on the vocabulary tables; every one filters on the workspace."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import bindparam, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from bot.ctx import Ctx
from bot.errors import NotFound, UserError
from bot.features.vocab.terms import (
    ADOPTED,
    ENDORSE,
    LIVE,
    OPEN,
    REPLACED,
    RETIRED,
    Draft,
    proposal_id,
    term_key,
)
from bot.paging import Span, count_limit, span
from bot.text import harmless
from storage.models.vocab import VocabProposal, VocabVote
from storage.queries import add_row, count_upto, insert_ignore

_PROPOSAL = select(VocabProposal).where(
    VocabProposal.workspace == bindparam("workspace"), VocabProposal.id == bindparam("number")
)
_KEY_MATCHES = or_(  # the French term or its English equivalent
    VocabProposal.term_key == bindparam("key"), VocabProposal.english_key == bindparam("key")
)
_PROPOSALS_FOR = (
    select(VocabProposal)
    .where(VocabProposal.workspace == bindparam("workspace"))
    .where(_KEY_MATCHES)
    .order_by(col(VocabProposal.created_at), col(VocabProposal.id))
)
_COMPETING = (
    select(VocabProposal)
    .where(
        VocabProposal.workspace == bindparam("workspace"),
        col(VocabProposal.id) != bindparam("number"),
    )
    .where(_KEY_MATCHES)
    .where(col(VocabProposal.status).in_(LIVE))
    .order_by(col(VocabProposal.created_at), col(VocabProposal.id))
)
_VOTES = (
    select(VocabVote)
    .where(
        VocabVote.workspace == bindparam("workspace"), VocabVote.proposal_id == bindparam("number")
    )
    .order_by(col(VocabVote.created_at), col(VocabVote.id))
)


async def get_proposal(ctx: Ctx, number: int, *, lock: bool = False) -> VocabProposal:
    """Proposal ``number`` of this workspace (locked for update when asked), else NotFound."""
    statement = _PROPOSAL.with_for_update() if lock else _PROPOSAL
    params = {"workspace": ctx.workspace, "number": number}
    proposal = (await ctx.session.exec(statement, params=params)).first()
    if proposal is None:
        raise NotFound("vocab.unknown_proposal", number=number)
    return proposal


async def add_proposal(ctx: Ctx, draft: Draft) -> VocabProposal:
    """Store a proposal; its proposer endorses it."""
    proposal = await add_row(
        ctx.session,
        VocabProposal(
            workspace=ctx.workspace,
            term=draft.term,
            term_key=term_key(draft.term),
            english=draft.english,
            english_key=term_key(draft.english) if draft.english else None,
            definition=draft.definition,
            example=draft.example,
            source=draft.source,
            proposer_id=ctx.user_id,
            created_at=ctx.now,
        ),
    )
    await cast_vote(ctx, proposal.id or 0, ENDORSE)
    return proposal


async def adopted_others(ctx: Ctx, proposal: VocabProposal) -> list[VocabProposal]:
    """The adopted definitions of the same term other than ``proposal``."""
    statement = select(VocabProposal).where(
        VocabProposal.workspace == ctx.workspace,
        VocabProposal.term_key == proposal.term_key,
        VocabProposal.status == ADOPTED,
        col(VocabProposal.id) != proposal.id,
    )
    return list((await ctx.session.exec(statement)).all())


def mark_replaced(ctx: Ctx, proposal: VocabProposal, *, by: str | None) -> None:
    """Keep a previous definition as replaced (written with the next flush)."""
    proposal.status, proposal.ended_at, proposal.ended_by = REPLACED, ctx.now, by
    ctx.session.add(proposal)


async def mark_adopted(ctx: Ctx, proposal: VocabProposal, *, by: str | None) -> None:
    """Make ``proposal`` its term's definition (``by`` a coordinator, None by endorsements)."""
    proposal.status, proposal.adopted_at, proposal.adopted_by = ADOPTED, ctx.now, by
    ctx.session.add(proposal)
    await ctx.session.flush()


async def mark_retired(ctx: Ctx, proposal: VocabProposal) -> None:
    """The person acting retires ``proposal``."""
    proposal.status, proposal.ended_at, proposal.ended_by = RETIRED, ctx.now, ctx.user_id
    ctx.session.add(proposal)
    await ctx.session.flush()


async def proposals_for(ctx: Ctx, key: str) -> list[VocabProposal]:
    """Every proposal whose French or English key is ``key``, oldest first."""
    params = {"workspace": ctx.workspace, "key": key}
    return list((await ctx.session.exec(_PROPOSALS_FOR, params=params)).all())


async def competing(ctx: Ctx, proposal: VocabProposal) -> list[VocabProposal]:
    """The other live proposals for the same term, oldest first."""
    params = {"workspace": ctx.workspace, "number": proposal.id, "key": proposal.term_key}
    return list((await ctx.session.exec(_COMPETING, params=params)).all())


async def all_proposals(ctx: Ctx, statuses: tuple[str, ...] = LIVE) -> list[VocabProposal]:
    statement = (
        select(VocabProposal)
        .where(VocabProposal.workspace == ctx.workspace)
        .where(col(VocabProposal.status).in_(statuses))
        .order_by(col(VocabProposal.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def glossary_page(ctx: Ctx, page: int, size: int) -> tuple[list[list[VocabProposal]], Span]:
    """Page ``page`` (clamped) of the glossary's terms: adopted ones first, then those with
    proposals only, each group by term key. Each group is read in the order of its index
    (workspace, status, term key) and counted up to a limit, so a page costs the same in a
    glossary of a hundred terms or of five thousand. Returns each shown term's live
    proposals (oldest first) and where the page sits."""
    adopted_keys = (
        select(VocabProposal.term_key)
        .where(VocabProposal.workspace == ctx.workspace, VocabProposal.status == ADOPTED)
        .distinct()
    )
    opened = aliased(VocabProposal)  # a proposal still open, looked at beside the adopted ones
    adopted_elsewhere = select(VocabProposal.id).where(
        VocabProposal.workspace == ctx.workspace,
        VocabProposal.status == ADOPTED,
        col(VocabProposal.term_key) == col(opened.term_key),
    )
    open_keys = (
        select(opened.term_key)
        .where(opened.workspace == ctx.workspace, opened.status == OPEN)
        .where(~adopted_elsewhere.exists())
        .distinct()
    )
    limit = count_limit(page, size)
    counted = await count_upto(ctx.session, adopted_keys, limit)
    adopted_count = counted
    if counted < limit:
        counted += await count_upto(ctx.session, open_keys, limit - counted)
    where = span(page, size, counted, limit)
    offset = where.offset(size)
    keys: list[str] = list(
        (
            await ctx.session.exec(
                adopted_keys.order_by(col(VocabProposal.term_key)).offset(offset).limit(size)
            )
        ).all()
    )
    if len(keys) < size:
        rest = open_keys.order_by(col(opened.term_key))
        rest = rest.offset(max(0, offset - adopted_count)).limit(size - len(keys))
        keys += list((await ctx.session.exec(rest)).all())
    if not keys:
        return [], where
    statement = (
        select(VocabProposal)
        .where(VocabProposal.workspace == ctx.workspace, col(VocabProposal.status).in_(LIVE))
        .where(col(VocabProposal.term_key).in_(keys))
        # by key, then id: read in the term key's index (by id alone, the planner may walk
        # every proposal of the workspace in id order rather than sort ten terms' rows)
        .order_by(col(VocabProposal.term_key), col(VocabProposal.id))
    )
    by_key: dict[str, list[VocabProposal]] = {key: [] for key in keys}
    for proposal in (await ctx.session.exec(statement)).all():
        by_key[proposal.term_key].append(proposal)
    return list(by_key.values()), where


async def known_keys(ctx: Ctx) -> dict[str, str]:
    """Every live term and English equivalent of the workspace: key → key of the French term."""
    statement = select(VocabProposal.term_key, VocabProposal.english_key).where(
        VocabProposal.workspace == ctx.workspace, col(VocabProposal.status).in_(LIVE)
    )
    keys: dict[str, str] = {}
    for french, english in (await ctx.session.exec(statement)).all():
        keys.setdefault(french, french)
        if english:
            keys.setdefault(english, french)
    return keys


async def tallies(ctx: Ctx, numbers: list[int]) -> dict[int, Counter[str]]:
    """Votes of several proposals at once."""
    result: dict[int, Counter[str]] = {number: Counter() for number in numbers}
    if not numbers:
        return result
    statement = (
        select(VocabVote.proposal_id, VocabVote.kind, func.count())
        .where(VocabVote.workspace == ctx.workspace, col(VocabVote.proposal_id).in_(numbers))
        .group_by(VocabVote.proposal_id, VocabVote.kind)
    )
    for number, kind, count in (await ctx.session.exec(statement)).all():
        result[number][kind] = count
    return result


async def votes_of(ctx: Ctx, number: int) -> list[VocabVote]:
    params = {"workspace": ctx.workspace, "number": number}
    return list((await ctx.session.exec(_VOTES, params=params)).all())


async def my_vote(ctx: Ctx, number: int) -> VocabVote | None:
    statement = select(VocabVote).where(
        VocabVote.workspace == ctx.workspace,
        VocabVote.proposal_id == number,
        VocabVote.user_id == ctx.user_id,
    )
    return (await ctx.session.exec(statement)).first()


async def cast_vote(ctx: Ctx, number: int, kind: str, reason: str | None = None) -> str | None:
    """Record the person's stance (one per person); returns their previous kind, if any."""
    values = {
        "workspace": ctx.workspace,
        "proposal_id": number,
        "user_id": ctx.user_id,
        "kind": kind,
        "reason": reason,
        "created_at": ctx.now,
    }
    if await insert_ignore(ctx.session, VocabVote, values, ["workspace", "proposal_id", "user_id"]):
        return None
    vote = await my_vote(ctx, number)
    assert vote is not None
    previous = vote.kind
    vote.kind, vote.reason, vote.created_at = kind, reason, ctx.now
    ctx.session.add(vote)
    await ctx.session.flush()
    return previous


async def remove_vote(ctx: Ctx, number: int) -> str | None:
    """Remove the person's stance on proposal ``number``; returns its kind, None if none."""
    vote = await my_vote(ctx, number)
    if vote is None:
        return None
    await ctx.session.delete(vote)
    await ctx.session.flush()
    return vote.kind


async def find_for_decision(ctx: Ctx, text: str, statuses: tuple[str, ...]) -> VocabProposal:
    """The proposal a coordinator names by number or by term (when only one fits)."""
    text = text.strip()
    if not text:
        raise ctx.usage_error()
    if text.lstrip("#").isdecimal():
        return await get_proposal(ctx, proposal_id(text), lock=True)
    candidates = [p for p in await proposals_for(ctx, term_key(text)) if p.status in statuses]
    if not candidates:
        raise NotFound("vocab.nothing_to_decide", term=harmless(text[:80]))
    if len(candidates) > 1:
        numbers = ", ".join(f"#{p.id}" for p in candidates)
        raise UserError("vocab.which_one", term=candidates[0].term, numbers=numbers)
    return await get_proposal(ctx, candidates[0].id or 0, lock=True)
