"""Creating, endorsing, adopting and retiring proposals: the rules of the shared vocabulary."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.features.vocab.render import (
    adopted_announcement,
    competing_note,
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
    announcements = await adopt_if_reached(ctx, proposal, votes)
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
    return await after_vote(ctx, proposal, ctx.t(key, number=proposal.id, term=proposal.term))


async def withdraw(ctx: Ctx, value: str) -> list[Output]:
    """Withdraw one's endorsement, objection or request to discuss."""
    proposal = await live_proposal(ctx, value)
    kind = await remove_vote(ctx, proposal.id or 0)
    if kind is None:
        raise UserError("vocab.nothing_to_withdraw", number=proposal.id)
    confirmation = ctx.t(WITHDRAWALS[kind], number=proposal.id, term=proposal.term)
    return await after_vote(ctx, proposal, confirmation)


async def adopt_if_reached(
    ctx: Ctx, proposal: VocabProposal, votes: list[VocabVote]
) -> list[Output]:
    """Adopt an open proposal whose ``votes`` (all of them) reach the threshold unopposed."""
    if proposal.status != OPEN:
        return []
    counts = counted(votes)
    if counts[ENDORSE] >= threshold(ctx) and counts[OBJECT] == 0:
        return await adopt(ctx, proposal, by=None)
    return []


async def adopt(ctx: Ctx, proposal: VocabProposal, *, by: str | None) -> list[Output]:
    """Make ``proposal`` the definition of its term; the previous one is kept as replaced."""
    outputs: list[Output] = []
    for previous in await adopted_others(ctx, proposal):
        mark_replaced(ctx, previous, by=by)
        outputs.append(Update(proposal_key(previous), await proposal_message(ctx, previous)))
    await mark_adopted(ctx, proposal, by=by)
    name = await ctx.display_name(by) if by else None
    return [*outputs, adopted_announcement(ctx, proposal, name)]


async def after_vote(ctx: Ctx, proposal: VocabProposal, confirmation: str) -> list[Output]:
    """Adopt if the votes now allow it, update the posted proposal, confirm privately."""
    votes = await votes_of(ctx, proposal.id or 0)
    announcements = await adopt_if_reached(ctx, proposal, votes)
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
