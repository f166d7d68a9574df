"""The /charte subcommands: show, propose, amend, adopt (coordination), withdraw, history."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.charter import store
from bot.features.charter.render import (
    adopted_message,
    charter_message,
    history_message,
    proposed_message,
    withdrawn_message,
)
from bot.features.charter.versions import ADOPTED, AMENDED, REPLACED, WITHDRAWN, checked_text
from bot.messages import Message
from bot.router import Feature

feature = Feature("charter")


@feature.command("charte", "proposer", aliases=("propose",), help="charter.help.proposer")
async def propose(ctx: Ctx, text: str) -> Message:
    """Anyone proposes a charter; one proposal is discussed at a time."""
    charter_text = checked_text(text, ctx.t("charter.help.proposer.example"))
    draft = await store.draft(ctx)
    if draft is not None:
        raise UserError("charter.draft_open", number=draft.number)
    version = await store.add_version(ctx, charter_text)
    return proposed_message(ctx, version, await ctx.display_name(ctx.user_id), None)


@feature.command("charte", "amender", aliases=("amend",), help="charter.help.amender")
async def amend(ctx: Ctx, text: str) -> Message:
    """A new version of the proposal (or, with none open, of the charter in force)."""
    charter_text = checked_text(text, ctx.t("charter.help.amender.example"))
    base = await store.draft(ctx) or await store.adopted(ctx)
    if base is None:
        raise UserError("charter.nothing_to_amend")
    if base.status != ADOPTED:
        await store.set_status(ctx, base, AMENDED)
    version = await store.add_version(ctx, charter_text)
    return proposed_message(ctx, version, await ctx.display_name(ctx.user_id), base.number)


@feature.command("charte", "adopter", aliases=("adopt",), help="charter.help.adopter")
async def adopt(ctx: Ctx, text: str) -> Message:
    """The coordination adopts the proposal; the charter it replaces is kept in the history."""
    ctx.require_coordinator()
    if text:
        raise ctx.usage_error()
    draft = await store.draft(ctx)
    if draft is None:
        raise UserError("charter.no_draft")
    replaced = await store.adopted(ctx)
    if replaced is not None:
        await store.set_status(ctx, replaced, REPLACED)
    await store.set_status(ctx, draft, ADOPTED)
    return adopted_message(ctx, draft, await ctx.display_name(ctx.user_id), replaced)


@feature.command("charte", "retirer", aliases=("withdraw",), help="charter.help.retirer")
async def withdraw(ctx: Ctx, text: str) -> Message:
    """The proposal's author or the coordination withdraws it."""
    if text:
        raise ctx.usage_error()
    draft = await store.draft(ctx)
    if draft is None:
        raise UserError("charter.no_draft")
    if draft.author_id != ctx.user_id:
        ctx.require_coordinator()
    await store.set_status(ctx, draft, WITHDRAWN)
    return withdrawn_message(ctx, draft)


@feature.command(
    "charte", "historique", aliases=("history", "versions"), help="charter.help.historique"
)
async def history(ctx: Ctx, text: str) -> Message:
    """Every version, with its state and dates."""
    versions = await store.versions(ctx)
    names = {v.author_id: await ctx.display_name(v.author_id) for v in versions}
    return history_message(ctx, versions, names)


@feature.command("charte", "", help="charter.help.default")
async def show(ctx: Ctx, text: str) -> Message:
    """``/charte`` alone: the charter in force and the proposal under discussion."""
    if text:
        raise ctx.unknown_subcommand(text)
    draft = await store.draft(ctx)
    author = await ctx.display_name(draft.author_id) if draft else ""
    return charter_message(ctx, await store.adopted(ctx), draft, author)
