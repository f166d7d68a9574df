"""The /vocab subcommands."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import FormInvalid, UserError
from bot.features.vocab.decisions import adopt_by_coordinator, create_proposal, retire
from bot.features.vocab.feature import feature
from bot.features.vocab.listing import discussion_list, export, glossary, history
from bot.features.vocab.lookup import look_up
from bot.features.vocab.store import ADOPTED, LIVE, OPEN, find_for_decision
from bot.features.vocab.terms import (
    MAX_DEFINITION,
    MAX_EXAMPLE,
    MAX_SOURCE,
    MAX_TERM,
    Draft,
    checked_term,
    parse_proposal,
)
from bot.messages import Form, Message, Reply, TextInput
from bot.validation import checked_form

FORM_LIMITS = {
    "terme": MAX_TERM,
    "definition": MAX_DEFINITION,
    "exemple": MAX_EXAMPLE,
    "source": MAX_SOURCE,
    "anglais": MAX_TERM,
}


def proposal_form(ctx: Ctx, term: str = "") -> Form:
    """The form to propose a definition, optionally with the term already filled in."""
    return Form(
        form_id="vocab.propose",
        title=ctx.t("vocab.form.title"),
        inputs=[
            TextInput("terme", ctx.t("vocab.form.term"), max_length=MAX_TERM, initial=term),
            TextInput(
                "definition", ctx.t("vocab.form.definition"), True, max_length=MAX_DEFINITION
            ),
            TextInput("exemple", ctx.t("vocab.form.example"), True, False, MAX_EXAMPLE),
            TextInput("source", ctx.t("vocab.form.source"), False, False, MAX_SOURCE),
            TextInput("anglais", ctx.t("vocab.form.english"), False, False, MAX_TERM),
        ],
        submit_label=ctx.t("vocab.form.submit"),
    )


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


@feature.command(
    "vocab", "discuter", aliases=("discuss", "a-discuter"), help="vocab.help.discuter"
)
async def show_discussion(ctx: Ctx, text: str) -> Message:
    return await discussion_list(ctx)


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
