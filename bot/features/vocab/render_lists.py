"""How the glossary, its export, a term's history, the terms « à discuter » and a failed
look-up look in the chat."""

from __future__ import annotations

from collections.abc import Mapping

from bot.ctx import Ctx
from bot.features.vocab.render import Names, outcome_line, title
from bot.features.vocab.terms import ADOPTED, MAX_TERM, OPEN, truncate_words
from bot.messages import Actions, Block, Button, Context, Header, Message, Section, Style
from bot.paging import Span, page_label, pager
from bot.text import strong
from storage.models.vocab import VocabProposal

PAGE_SIZE = 10


def glossary_line(ctx: Ctx, proposals: list[VocabProposal]) -> str:
    """A term's line: its adopted definition, else how many proposals it has."""
    entry = next((p for p in proposals if p.status == ADOPTED), None)
    if entry is not None:
        return f"• {strong(title(ctx, entry))} — {truncate_words(entry.definition, 140)}"
    count = ctx.t("vocab.pending_count", count=len(proposals))
    return f"• {strong(title(ctx, proposals[0]))} — _{count}_"


def glossary_message(ctx: Ctx, terms: list[list[VocabProposal]], where: Span) -> Message:
    """One page of the glossary: each shown term's live proposals, in the glossary's order."""
    if not terms:
        return Message(blocks=[Section(ctx.t("vocab.empty_glossary"))], ephemeral=True)
    if where.more:
        heading = ctx.t("vocab.glossary_title_more", count=where.total)
    else:
        heading = ctx.tn("vocab.glossary_title", where.total)
    lines = [glossary_line(ctx, proposals) for proposals in terms]
    blocks: list = [Header(heading), Section("\n".join(lines))]
    blocks.append(Context((page_label(ctx.language, where), ctx.t("vocab.list_hint"))))
    buttons = pager(ctx.language, "vocab.page", where.page, where.pages, more=where.more)
    if buttons:
        blocks.append(buttons)
    return Message(blocks=blocks, text=heading, ephemeral=True)


def labelled(ctx: Ctx, field: str, value: str) -> str:
    """« Exemple : … » in French, « Example: … » in English."""
    return ctx.t("vocab.labelled", label=ctx.t(f"vocab.field.{field}"), value=value)


def history_message(
    ctx: Ctx, proposals: list[VocabProposal], shown: Mapping[int, str], names: Names
) -> Message:
    """Every version of a term, oldest first, with dates and outcomes (``shown``: statuses)."""
    heading = ctx.t("vocab.history_title", term=proposals[-1].term, count=len(proposals))
    blocks: list = [Header(heading)]
    for proposal in proposals:
        status = shown[proposal.id or 0]
        summary = truncate_words(proposal.definition, 300)
        number = ctx.t("core.number", id=proposal.id)
        blocks.append(Section(f"*{number} · {title(ctx, proposal)}* — {status}\n{summary}"))
        blocks.append(Context((outcome_line(ctx, proposal, names),)))
    return Message(blocks=blocks, text=heading, ephemeral=True)


def discuss_line(ctx: Ctx, proposal: VocabProposal) -> str:
    key = "vocab.discuss_line_open" if proposal.status == OPEN else "vocab.discuss_line_adopted"
    return ctx.t(key, number=proposal.id, term=title(ctx, proposal))


def discussion_message(ctx: Ctx, proposals: list[VocabProposal]) -> Message:
    """The terms « à discuter »."""
    if not proposals:
        return Message(blocks=[Section(ctx.t("vocab.nothing_to_discuss"))], ephemeral=True)
    heading = ctx.t("vocab.discuss_title", count=len(proposals))
    lines = "\n".join(discuss_line(ctx, p) for p in proposals)
    return Message(
        blocks=[Header(heading), Section(lines), Context((ctx.t("vocab.discuss_hint"),))],
        text=heading,
        ephemeral=True,
    )


def reminder_blocks(ctx: Ctx, proposals: list[VocabProposal]) -> list[Block]:
    """The terms « à discuter » in a meeting reminder."""
    lines = "\n".join(discuss_line(ctx, p) for p in proposals)
    heading = ctx.t("vocab.reminder_title", count=len(proposals))
    return [Section(f"*{heading}*\n{lines}"), Context((ctx.t("vocab.discuss_hint"),))]


def agenda_lines(ctx: Ctx, proposals: list[VocabProposal]) -> list[str]:
    """One meeting agenda line per term « à discuter »."""
    return [ctx.t("vocab.agenda_line", number=p.id, term=title(ctx, p)) for p in proposals]


def suggestion_buttons(proposals: list[VocabProposal]) -> Actions | None:
    """One button per suggested term, showing its latest live proposal."""
    buttons = [Button(p.term, "vocab.show", str(p.id)) for p in proposals]
    return Actions(tuple(buttons)) if buttons else None


def propose_button(ctx: Ctx, term: str) -> Actions:
    label = ctx.t("vocab.button.propose", term=term)
    return Actions((Button(label, "vocab.new", term[:MAX_TERM], Style.PRIMARY),))


def not_found_message(ctx: Ctx, shown: str, buttons: Actions | None, term: str) -> Message:
    """No term ``shown``: the close ones (``buttons``), and an offer to propose ``term``."""
    blocks: list = [Section(ctx.t("vocab.not_found", query=shown))]
    if buttons:
        blocks = [Section(ctx.t("vocab.did_you_mean", query=shown)), buttons]
    if term:
        blocks.append(Section(ctx.t("vocab.offer_proposal", term=term)))
        blocks.append(propose_button(ctx, term))
    return Message(blocks=blocks, text=ctx.t("vocab.not_found", query=shown), ephemeral=True)
