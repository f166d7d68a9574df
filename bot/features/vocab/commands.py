"""The /vocab subcommands, the buttons and forms under proposals, and what /vocab offers
other features (meeting reminders and agendas, term autocomplete)."""

from __future__ import annotations

from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.errors import FormInvalid, UserError
from bot.features.vocab.decisions import (
    adopt_by_coordinator,
    create_proposal,
    live_proposal,
    retire,
    vote,
    withdraw,
)
from bot.features.vocab.listing import export, glossary, history, to_discuss
from bot.features.vocab.lookup import look_up, starting_with
from bot.features.vocab.render import objection_form, proposal_form
from bot.features.vocab.render_lists import agenda_lines, discussion_message, reminder_blocks
from bot.features.vocab.store import all_proposals, find_for_decision, get_proposal, proposals_for
from bot.features.vocab.terms import (
    ADOPTED,
    DISCUSS,
    ENDORSE,
    LIVE,
    MAX_DEFINITION,
    MAX_EXAMPLE,
    MAX_REASON,
    MAX_SOURCE,
    MAX_TERM,
    OBJECT,
    OPEN,
    Draft,
    checked_term,
    parse_proposal,
    proposal_id,
)
from bot.features.vocab.views import entry_message
from bot.links import PageSection
from bot.messages import Block, Form, Message, Reply
from bot.paging import read_page_value
from bot.router import Feature, SettingSpec
from bot.settings import int_between, show_plain
from bot.validation import checked_form

feature = Feature("vocab")

feature.setting(
    SettingSpec(
        "seuil_vocab",
        3,
        int_between(1, 100),
        show_plain,
        "vocab.setting_seuil",
        aliases=("vocab_threshold", "seuil_lexique"),
    )
)

FORM_LIMITS = {
    "terme": MAX_TERM,
    "definition": MAX_DEFINITION,
    "exemple": MAX_EXAMPLE,
    "source": MAX_SOURCE,
    "anglais": MAX_TERM,
}


# -- commands ------------------------------------------------------------------------------
@feature.command("vocab", "proposer", aliases=("propose",), help="vocab.help.proposer")
async def propose(ctx: Ctx, text: str) -> Reply:
    """``/vocab proposer TERME : DÉFINITION``, or the form when nothing follows."""
    if not text.strip():
        return proposal_form(ctx)
    return await create_proposal(ctx, parse_proposal(text))


@feature.form("vocab.propose")
async def propose_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    cleaned = checked_form(values, FORM_LIMITS, {"terme", "definition"})
    try:
        term = checked_term(cleaned["terme"])
    except UserError as error:
        raise FormInvalid({"terme": (error.key, error.params)}) from None
    try:
        english = checked_term(cleaned["anglais"]) if cleaned["anglais"] else None
    except UserError as error:
        raise FormInvalid({"anglais": (error.key, error.params)}) from None
    draft = Draft(
        term=term,
        definition=cleaned["definition"],
        english=english,
        example=cleaned["exemple"] or None,
        source=cleaned["source"] or None,
    )
    return await create_proposal(ctx, draft)


@feature.command("vocab", "historique", aliases=("history",), help="vocab.help.historique")
async def show_history(ctx: Ctx, text: str) -> Message:
    return await history(ctx, text)


@feature.command("vocab", "liste", aliases=("list", "lexique"), help="vocab.help.liste")
async def show_glossary(ctx: Ctx, text: str) -> Message:
    page = int(text) if text.strip().isdecimal() and len(text.strip()) < 6 else 1
    return await glossary(ctx, page)


@feature.command("vocab", "exporter", aliases=("export",), help="vocab.help.exporter")
async def export_glossary(ctx: Ctx, text: str) -> Message:
    return await export(ctx)


@feature.command("vocab", "discuter", aliases=("discuss", "a-discuter"), help="vocab.help.discuter")
async def show_discussion(ctx: Ctx, text: str) -> Message:
    return discussion_message(ctx, await to_discuss(ctx))


@feature.command("vocab", "adopter", aliases=("adopt",), help="vocab.help.adopter")
async def adopt_command(ctx: Ctx, text: str) -> Reply:
    """Coordinators adopt a proposal by number, or by term when only one is open."""
    ctx.require_coordinator()
    return await adopt_by_coordinator(ctx, await find_for_decision(ctx, text, (OPEN,)))


@feature.command("vocab", "retirer", aliases=("retire", "withdraw"), help="vocab.help.retirer")
async def retire_command(ctx: Ctx, text: str) -> Reply:
    """Retire a definition by number, or by term (its adopted one, else its only proposal)."""
    if not text.lstrip("#").strip().isdecimal():
        try:
            return await retire(ctx, await find_for_decision(ctx, text, (ADOPTED,)))
        except UserError as error:
            if error.key != "vocab.nothing_to_decide":
                raise
    return await retire(ctx, await find_for_decision(ctx, text, LIVE))


@feature.command("vocab", "", help="vocab.help.default")
async def default(ctx: Ctx, text: str) -> Message:
    """``/vocab TERME`` looks the term up; ``/vocab`` alone shows the glossary."""
    if not text.strip():
        return await glossary(ctx, 1)
    return await look_up(ctx, text)


# -- buttons and forms under proposals; every value is untrusted and checked ----------------
@feature.action("vocab.endorse")
async def endorse(ctx: Ctx, value: str) -> Reply:
    return await vote(ctx, value, ENDORSE)


@feature.action("vocab.discuss")
async def discuss(ctx: Ctx, value: str) -> Reply:
    return await vote(ctx, value, DISCUSS)


@feature.action("vocab.object")
async def object_asked(ctx: Ctx, value: str) -> Form:
    """Ask for an optional reason before recording the objection."""
    return objection_form(ctx, await live_proposal(ctx, value))


@feature.form("vocab.object")
async def object_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    reason = checked_form(values, {"raison": MAX_REASON}, set())["raison"]
    return await vote(ctx, state, OBJECT, reason or None)


@feature.action("vocab.withdraw")
async def withdraw_vote(ctx: Ctx, value: str) -> Reply:
    """Withdraw one's endorsement, objection or request to discuss."""
    return await withdraw(ctx, value)


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


# -- offered to other features -------------------------------------------------------------
@feature.hook(hooks.MEETING_REMINDER_SECTIONS)
async def reminder_sections(
    ctx: Ctx, since: datetime | None, meeting_start: datetime
) -> list[Block] | None:
    """The terms « à discuter » for the meeting reminder; None when there are none."""
    proposals = await to_discuss(ctx)
    return reminder_blocks(ctx, proposals) if proposals else None


@feature.hook(hooks.MEETING_AGENDA_EXTRAS)
async def agenda_extras(ctx: Ctx) -> list[str] | None:
    """One agenda line per term « à discuter »; None when there are none."""
    proposals = await to_discuss(ctx)
    return agenda_lines(ctx, proposals) if proposals else None


@feature.hook(hooks.suggest("vocab"))
async def suggest_terms(ctx: Ctx, prefix: str) -> list[tuple[str, str]]:
    """Live terms (and English equivalents) starting with ``prefix``, alphabetical."""
    return starting_with(await all_proposals(ctx, LIVE), prefix)


@feature.hook(hooks.PUBLIC_PAGE_SECTIONS)
async def public_glossary(ctx: Ctx) -> PageSection:
    """The adopted glossary on the table's published page."""
    adopted = sorted(await all_proposals(ctx, (ADOPTED,)), key=lambda p: p.term_key)
    return PageSection(
        order=20,
        heading=ctx.t("vocab.page_heading"),
        columns=[ctx.t("vocab.page_term"), ctx.t("vocab.page_definition")],
        rows=[[p.term + (f" ({p.english})" if p.english else ""), p.definition] for p in adopted],
        empty=ctx.t("vocab.page_empty"),
        key="vocabulaire",
    )
