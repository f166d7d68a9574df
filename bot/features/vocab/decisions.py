"""Creating, endorsing, adopting and retiring proposals: the rules of the shared vocabulary."""

from __future__ import annotations

from collections import Counter

from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.features.vocab.render import (
    adopted_announcement,
    competing_note,
    coordination_decides,
    proposal_key,
    retired_announcement,
    threshold,
)
from bot.features.vocab.store import (
    add_proposal,
    adopted_others,
    cast_vote,
    competing,
    get_proposal,
    mark_adopted,
    mark_replaced,
    mark_retired,
    remove_vote,
    votes_of,
)
from bot.features.vocab.terms import (
    ADOPTED,
    DISCUSS,
    ENDORSE,
    LIVE,
    OBJECT,
    OPEN,
    Draft,
    counted,
    proposal_id,
)
from bot.features.vocab.views import proposal_message, statuses
from bot.messages import Output, Update, text_message
from storage.models.vocab import VocabProposal, VocabVote

CONFIRMATIONS = {ENDORSE: "vocab.endorsed", OBJECT: "vocab.objected", DISCUSS: "vocab.discussed"}
WITHDRAWALS = {
    ENDORSE: "vocab.withdrawn_endorsement",
    OBJECT: "vocab.withdrawn_objection",
    DISCUSS: "vocab.withdrawn_discussion",
}


async def create_proposal(ctx: Ctx, draft: Draft) -> list[Output]:
    """Store a proposal (the proposer endorses it) and post it to the channel."""
    proposal = await add_proposal(ctx, draft)
    others = await competing(ctx, proposal)
    votes = await votes_of(ctx, proposal.id or 0)
    announcements = await adopt_if_reached(ctx, proposal, votes, Counter())
    message = await proposal_message(ctx, proposal, votes)
    if others:
        message.blocks[3:3] = [competing_note(ctx, proposal, await statuses(ctx, others))]
    return [message, *announcements]


def closed(ctx: Ctx, proposal: VocabProposal) -> UserError:
    """The refusal to act on a proposal no longer open to that."""
    return UserError(
        "vocab.closed", number=proposal.id, status=ctx.t(f"vocab.status.{proposal.status}")
    )


async def live_proposal(ctx: Ctx, value: str) -> VocabProposal:
    """The proposal an (untrusted) button value names, locked, still open to votes."""
    proposal = await get_proposal(ctx, proposal_id(value), lock=True)
    if proposal.status not in LIVE:
        raise closed(ctx, proposal)
    return proposal


async def vote(ctx: Ctx, value: str, kind: str, reason: str | None = None) -> list[Output]:
    """Record the person's endorsement, objection or request to discuss."""
    proposal = await live_proposal(ctx, value)
    previous = await cast_vote(ctx, proposal.id or 0, kind, reason)
    key = "vocab.unchanged" if previous == kind else CONFIRMATIONS[kind]
    change = Counter({kind: -1})
    if previous is not None:
        change[previous] += 1
    confirmation = ctx.t(key, number=proposal.id, term=proposal.term)
    return await after_vote(ctx, proposal, confirmation, change)


async def withdraw(ctx: Ctx, value: str) -> list[Output]:
    """Withdraw one's endorsement, objection or request to discuss."""
    proposal = await live_proposal(ctx, value)
    kind = await remove_vote(ctx, proposal.id or 0)
    if kind is None:
        raise UserError("vocab.nothing_to_withdraw", number=proposal.id)
    confirmation = ctx.t(WITHDRAWALS[kind], number=proposal.id, term=proposal.term)
    return await after_vote(ctx, proposal, confirmation, Counter({kind: 1}))


def reached(ctx: Ctx, counts: Counter[str]) -> bool:
    """Whether these counts reach the endorsement threshold with no objection."""
    return counts[ENDORSE] >= threshold(ctx) and counts[OBJECT] == 0


async def adopt_if_reached(
    ctx: Ctx, proposal: VocabProposal, votes: list[VocabVote], change: Counter[str]
) -> list[Output]:
    """Adopt an open proposal whose ``votes`` (all of them) reach the threshold unopposed.

    A term that already has an adopted definition keeps it: the threshold never replaces
    a definition. When a competing proposal just reached it (``change`` is what the
    counts were before the last vote, minus what they are now), the coordination is told.
    """
    if proposal.status != OPEN:
        return []
    counts = counted(votes)
    if not reached(ctx, counts):
        return []
    adopted = await adopted_others(ctx, proposal)
    if not adopted:
        return await adopt(ctx, proposal, by=None)
    before = counts.copy()
    before.update(change)
    if reached(ctx, before):
        return []  # already told
    return [coordination_decides(ctx, proposal, adopted[-1])]


async def adopt(ctx: Ctx, proposal: VocabProposal, *, by: str | None) -> list[Output]:
    """Make ``proposal`` the definition of its term; the previous one is kept as replaced."""
    outputs: list[Output] = []
    for previous in await adopted_others(ctx, proposal):
        mark_replaced(ctx, previous, by=by)
        outputs.append(Update(proposal_key(previous), await proposal_message(ctx, previous)))
    await mark_adopted(ctx, proposal, by=by)
    name = await ctx.display_name(by) if by else None
    return [*outputs, adopted_announcement(ctx, proposal, name)]


async def after_vote(
    ctx: Ctx, proposal: VocabProposal, confirmation: str, change: Counter[str]
) -> list[Output]:
    """Adopt if the votes now allow it, update the posted proposal, confirm privately
    (``change``: what to add to the counts to get those before this vote)."""
    votes = await votes_of(ctx, proposal.id or 0)
    announcements = await adopt_if_reached(ctx, proposal, votes, change)
    update = Update(proposal_key(proposal), await proposal_message(ctx, proposal, votes))
    return [update, *announcements, text_message(confirmation)]


async def adopt_by_coordinator(ctx: Ctx, proposal: VocabProposal) -> list[Output]:
    ctx.require_coordinator()
    if proposal.status == ADOPTED:
        raise UserError("vocab.already_adopted", number=proposal.id, term=proposal.term)
    if proposal.status != OPEN:
        raise closed(ctx, proposal)
    outputs = await adopt(ctx, proposal, by=ctx.user_id)
    return [Update(proposal_key(proposal), await proposal_message(ctx, proposal)), *outputs]


async def retire(ctx: Ctx, proposal: VocabProposal) -> list[Output]:
    """Coordinators retire any live definition; a proposer may retire their open proposal."""
    own_open = proposal.proposer_id == ctx.user_id and proposal.status == OPEN
    if not (ctx.is_coordinator or own_open):
        raise NotAllowed("vocab.retire_not_allowed")
    if proposal.status not in LIVE:
        raise closed(ctx, proposal)
    was_adopted = proposal.status == ADOPTED
    await mark_retired(ctx, proposal)
    name = await ctx.display_name(ctx.user_id)
    return [
        Update(proposal_key(proposal), await proposal_message(ctx, proposal)),
        retired_announcement(ctx, proposal, was_adopted, name),
    ]
