"""Buttons and forms under proposals; every value is untrusted and checked."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.vocab.commands import proposal_form
from bot.features.vocab.decisions import adopt_by_coordinator, after_vote, live_proposal, retire
from bot.features.vocab.feature import feature
from bot.features.vocab.listing import glossary
from bot.features.vocab.render import entry_message
from bot.features.vocab.store import (
    DISCUSS,
    ENDORSE,
    OBJECT,
    cast_vote,
    get_proposal,
    proposal_id,
    proposals_for,
    remove_vote,
)
from bot.features.vocab.terms import MAX_REASON, checked_term
from bot.messages import Form, Message, Reply, TextInput
from bot.paging import read_page_value
from bot.validation import checked_form

CONFIRMATIONS = {ENDORSE: "vocab.endorsed", OBJECT: "vocab.objected", DISCUSS: "vocab.discussed"}
WITHDRAWALS = {
    ENDORSE: "vocab.withdrawn_endorsement",
    OBJECT: "vocab.withdrawn_objection",
    DISCUSS: "vocab.withdrawn_discussion",
}


async def vote(ctx: Ctx, value: str, kind: str, reason: str | None = None) -> Reply:
    proposal = await live_proposal(ctx, value)
    previous = await cast_vote(ctx, proposal.id or 0, kind, reason)
    key = "vocab.unchanged" if previous == kind else CONFIRMATIONS[kind]
    return await after_vote(ctx, proposal, ctx.t(key, number=proposal.id, term=proposal.term))


@feature.action("vocab.endorse")
async def endorse(ctx: Ctx, value: str) -> Reply:
    return await vote(ctx, value, ENDORSE)


@feature.action("vocab.discuss")
async def discuss(ctx: Ctx, value: str) -> Reply:
    return await vote(ctx, value, DISCUSS)


@feature.action("vocab.object")
async def object_form(ctx: Ctx, value: str) -> Form:
    """Ask for an optional reason before recording the objection."""
    proposal = await live_proposal(ctx, value)
    return Form(
        form_id="vocab.object",
        title=ctx.t("vocab.object_form.title", number=proposal.id),
        inputs=[
            TextInput(
                "raison", ctx.t("vocab.object_form.reason"), True, False, max_length=MAX_REASON
            )
        ],
        submit_label=ctx.t("vocab.object_form.submit"),
        state=str(proposal.id),
    )


@feature.form("vocab.object")
async def object_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    reason = checked_form(values, {"raison": MAX_REASON}, set())["raison"]
    return await vote(ctx, state, OBJECT, reason or None)


@feature.action("vocab.withdraw")
async def withdraw(ctx: Ctx, value: str) -> Reply:
    """Withdraw one's endorsement, objection or request to discuss."""
    proposal = await live_proposal(ctx, value)
    kind = await remove_vote(ctx, proposal.id or 0)
    if kind is None:
        raise UserError("vocab.nothing_to_withdraw", number=proposal.id)
    confirmation = ctx.t(WITHDRAWALS[kind], number=proposal.id, term=proposal.term)
    return await after_vote(ctx, proposal, confirmation)


@feature.action("vocab.adopt")
async def adopt_button(ctx: Ctx, value: str) -> Reply:
    ctx.require_coordinator()
    return await adopt_by_coordinator(ctx, await get_proposal(ctx, proposal_id(value), lock=True))


@feature.action("vocab.retire")
async def retire_button(ctx: Ctx, value: str) -> Reply:
    return await retire(ctx, await get_proposal(ctx, proposal_id(value), lock=True))


@feature.action("vocab.show")
async def show(ctx: Ctx, value: str) -> Message:
    """A suggested term's entry."""
    proposal = await get_proposal(ctx, proposal_id(value))
    return await entry_message(ctx, await proposals_for(ctx, proposal.term_key))


@feature.action("vocab.new")
async def new(ctx: Ctx, value: str) -> Form:
    """The proposal form, with the term that was not found filled in."""
    return proposal_form(ctx, checked_term(value))


@feature.action("vocab.page")
async def page(ctx: Ctx, value: str) -> Message:
    number, _ = read_page_value(value)
    return await glossary(ctx, number)
