"""Creating, endorsing, adopting and retiring proposals: the rules of the shared vocabulary."""

from __future__ import annotations

from sqlmodel import col, select

from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.features.vocab.render import (
    counted,
    proposal_key,
    proposal_message,
    statuses,
    threshold,
    title,
)
from bot.features.vocab.store import (
    ADOPTED,
    ENDORSE,
    LIVE,
    OBJECT,
    OPEN,
    REPLACED,
    RETIRED,
    cast_vote,
    competing,
    get_proposal,
    proposal_id,
    votes_of,
)
from bot.features.vocab.terms import Draft, term_key
from bot.messages import Context, Message, Output, Section, Update, text_message
from storage.models.vocab import VocabProposal, VocabVote
from storage.queries import add_row


async def create_proposal(ctx: Ctx, draft: Draft) -> list[Output]:
    """Store a proposal (the proposer endorses it) and post it to the channel."""
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
    others = await competing(ctx, proposal)
    votes = await votes_of(ctx, proposal.id or 0)
    announcements = await adopt_if_reached(ctx, proposal, votes)
    message = await proposal_message(ctx, proposal, votes)
    if others:
        shown = await statuses(ctx, others)
        numbers = ", ".join(
            f"{ctx.t('core.number', id=number)} ({status})" for number, status in shown.items()
        )
        message.blocks.insert(
            3, Context((ctx.t("vocab.competing", numbers=numbers, term=proposal.term),))
        )
    return [message, *announcements]


async def live_proposal(ctx: Ctx, value: str) -> VocabProposal:
    """The proposal an (untrusted) button value names, locked, still open to votes."""
    proposal = await get_proposal(ctx, proposal_id(value), lock=True)
    if proposal.status not in LIVE:
        raise UserError(
            "vocab.closed", number=proposal.id, status=ctx.t(f"vocab.status.{proposal.status}")
        )
    return proposal


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
    statement = select(VocabProposal).where(
        VocabProposal.workspace == ctx.workspace,
        VocabProposal.term_key == proposal.term_key,
        VocabProposal.status == ADOPTED,
        col(VocabProposal.id) != proposal.id,
    )
    outputs: list[Output] = []
    for previous in (await ctx.session.exec(statement)).all():
        previous.status, previous.ended_at, previous.ended_by = REPLACED, ctx.now, by
        ctx.session.add(previous)
        outputs.append(Update(proposal_key(previous), await proposal_message(ctx, previous)))
    proposal.status, proposal.adopted_at, proposal.adopted_by = ADOPTED, ctx.now, by
    ctx.session.add(proposal)
    await ctx.session.flush()
    key = "vocab.announce_adopted_by" if by else "vocab.announce_adopted"
    name = await ctx.display_name(by) if by else ""
    text = ctx.t(key, term=title(ctx, proposal), number=proposal.id, name=name)
    announcement = Message(
        blocks=[Section(text), Section(f"> {proposal.definition}")], text=text, ephemeral=False
    )
    return [*outputs, announcement]


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
        raise UserError(
            "vocab.closed", number=proposal.id, status=ctx.t(f"vocab.status.{proposal.status}")
        )
    outputs = await adopt(ctx, proposal, by=ctx.user_id)
    return [Update(proposal_key(proposal), await proposal_message(ctx, proposal)), *outputs]


async def retire(ctx: Ctx, proposal: VocabProposal) -> list[Output]:
    """Coordinators retire any live definition; a proposer may retire their open proposal."""
    own_open = proposal.proposer_id == ctx.user_id and proposal.status == OPEN
    if not (ctx.is_coordinator or own_open):
        raise NotAllowed("vocab.retire_not_allowed")
    if proposal.status not in LIVE:
        raise UserError(
            "vocab.closed", number=proposal.id, status=ctx.t(f"vocab.status.{proposal.status}")
        )
    was_adopted = proposal.status == ADOPTED
    proposal.status, proposal.ended_at, proposal.ended_by = RETIRED, ctx.now, ctx.user_id
    ctx.session.add(proposal)
    await ctx.session.flush()
    key = "vocab.announce_retired_adopted" if was_adopted else "vocab.announce_retired"
    text = ctx.t(
        key, term=title(ctx, proposal), number=proposal.id, name=await ctx.display_name(ctx.user_id)
    )
    return [
        Update(proposal_key(proposal), await proposal_message(ctx, proposal)),
        Message(blocks=[Section(text)], text=text, ephemeral=False),
    ]
