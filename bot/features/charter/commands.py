"""The /charte subcommands (show, propose, amend, endorse, object, adopt, withdraw, history),
the buttons under a proposed version, and the endorsement threshold."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.charter import store
from bot.features.charter.decisions import (
    adopt_by_coordinator,
    card,
    new_version,
    open_version,
    take_stance,
    withdraw_stance,
)
from bot.features.charter.render import (
    card_key,
    charter_message,
    history_message,
    objection_form,
    withdrawn_message,
)
from bot.features.charter.versions import (
    ENDORSE,
    MAX_REASON,
    OBJECT,
    WITHDRAWN,
    checked_reason,
    checked_text,
    version_number,
)
from bot.messages import Form, Message, Output, Reply, Update
from bot.router import Feature, SettingSpec
from bot.settings import int_between, show_plain
from bot.validation import checked_form

feature = Feature("charter")

feature.setting(
    SettingSpec(
        "seuil_charte",
        3,
        int_between(1, 100),
        show_plain,
        "charter.setting_seuil",
        aliases=("charter_threshold",),
    )
)


def named_version(ctx: Ctx, text: str) -> int | None:
    """The version number typed first (None when nothing is typed), else a usage error."""
    if not text.strip():
        return None
    number = version_number(text.split()[0])
    if number is None:
        raise ctx.usage_error()
    return number


def button_version(value: str) -> int:
    """The version number an (untrusted) button value carries."""
    number = version_number(value)
    if number is None:
        raise UserError("charter.bad_reference")
    return number


@feature.command("charte", "proposer", aliases=("propose",), help="charter.help.proposer")
async def propose(ctx: Ctx, text: str) -> list[Output]:
    """Anyone proposes a charter; one proposal is discussed at a time."""
    charter_text = checked_text(text, ctx.t("charter.help.proposer.example"))
    draft = await store.draft(ctx)
    if draft is not None:
        raise UserError("charter.draft_open", number=draft.number)
    return await new_version(ctx, charter_text, None)


@feature.command("charte", "amender", aliases=("amend",), help="charter.help.amender")
async def amend(ctx: Ctx, text: str) -> list[Output]:
    """A new version of the proposal (or, with none open, of the charter in force)."""
    charter_text = checked_text(text, ctx.t("charter.help.amender.example"))
    base = await store.draft(ctx) or await store.adopted(ctx)
    if base is None:
        raise UserError("charter.nothing_to_amend")
    return await new_version(ctx, charter_text, base)


@feature.command("charte", "appuyer", aliases=("endorse",), help="charter.help.appuyer")
async def endorse_command(ctx: Ctx, text: str) -> list[Output]:
    """Endorse version N (or the proposal under discussion)."""
    if len(text.split()) > 1:
        raise ctx.usage_error()
    return await take_stance(ctx, named_version(ctx, text), ENDORSE)


@feature.command("charte", "objecter", aliases=("object",), help="charter.help.objecter")
async def object_command(ctx: Ctx, text: str) -> list[Output]:
    """Object to version N, with an optional reason after the number."""
    number = named_version(ctx, text)
    reason = checked_reason(text.strip().partition(" ")[2]) if number is not None else None
    return await take_stance(ctx, number, OBJECT, reason)


@feature.command("charte", "adopter", aliases=("adopt",), help="charter.help.adopter")
async def adopt(ctx: Ctx, text: str) -> list[Output]:
    """The coordination adopts the proposal; the charter it replaces is kept in the history."""
    ctx.require_coordinator()
    if len(text.split()) > 1:
        raise ctx.usage_error()
    return await adopt_by_coordinator(ctx, named_version(ctx, text))


@feature.command("charte", "retirer", aliases=("withdraw",), help="charter.help.retirer")
async def withdraw(ctx: Ctx, text: str) -> list[Output]:
    """The proposal's author or the coordination withdraws it."""
    if text:
        raise ctx.usage_error()
    draft = await store.draft(ctx)
    if draft is None:
        raise UserError("charter.no_draft")
    if draft.author_id != ctx.user_id:
        ctx.require_coordinator()
    await store.set_status(ctx, draft, WITHDRAWN, by=ctx.user_id)
    return [Update(card_key(draft), await card(ctx, draft)), withdrawn_message(ctx, draft)]


@feature.command(
    "charte", "historique", aliases=("history", "versions"), help="charter.help.historique"
)
async def history(ctx: Ctx, text: str) -> Message:
    """Every version, with its state, dates and steps."""
    versions = await store.versions(ctx)
    steps = await store.steps(ctx)
    ids = {v.author_id for v in versions} | {s.user_id for s in steps if s.user_id}
    return history_message(ctx, versions, steps, await ctx.display_names(ids))


@feature.command("charte", "", help="charter.help.default")
async def show(ctx: Ctx, text: str) -> Message:
    """``/charte`` alone: the charter in force and the proposal under discussion."""
    if text:
        raise ctx.unknown_subcommand(text)
    draft = await store.draft(ctx)
    if draft is None:
        return charter_message(ctx, await store.adopted(ctx), None, "")
    stances = await store.stances_of(ctx, draft.number)
    names = await ctx.display_names({s.user_id for s in stances if s.kind == OBJECT})
    author = await ctx.display_name(draft.author_id)
    return charter_message(ctx, await store.adopted(ctx), draft, author, stances, names)


# -- buttons under a version under discussion; every value is untrusted and checked --------
@feature.action("charter.endorse")
async def endorse_button(ctx: Ctx, value: str) -> Reply:
    return await take_stance(ctx, button_version(value), ENDORSE)


@feature.action("charter.object")
async def object_asked(ctx: Ctx, value: str) -> Form:
    """Ask for an optional reason before recording the objection."""
    return objection_form(ctx, await open_version(ctx, button_version(value)), MAX_REASON)


@feature.form("charter.object")
async def object_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    reason = checked_form(values, {"raison": MAX_REASON}, set())["raison"]
    return await take_stance(ctx, button_version(state), OBJECT, checked_reason(reason))


@feature.action("charter.unstance")
async def unstance_button(ctx: Ctx, value: str) -> Reply:
    """Withdraw one's endorsement or objection."""
    return await withdraw_stance(ctx, button_version(value))


@feature.action("charter.adopt")
async def adopt_button(ctx: Ctx, value: str) -> Reply:
    ctx.require_coordinator()
    return await adopt_by_coordinator(ctx, button_version(value))
