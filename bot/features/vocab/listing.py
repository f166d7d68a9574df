"""The glossary (paged), its export, a term's history and the terms « à discuter »."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import NotFound, UserError
from bot.exports import csv_attachment, markdown_attachment
from bot.features.vocab.render import counted, day, outcome_line, statuses, title
from bot.features.vocab.store import (
    ADOPTED,
    DISCUSS,
    LIVE,
    OBJECT,
    OPEN,
    all_proposals,
    proposals_for,
    tallies,
    votes_of,
)
from bot.features.vocab.terms import MAX_TERM, term_key, truncate_words
from bot.messages import Context, Header, Message, Section
from bot.paging import page_of, pager
from bot.text import clean, fold, harmless, markdown_escape, strong
from storage.models.vocab import VocabProposal

PAGE_SIZE = 10


def by_term(proposals: list[VocabProposal]) -> dict[str, list[VocabProposal]]:
    grouped: dict[str, list[VocabProposal]] = {}
    for proposal in proposals:
        grouped.setdefault(proposal.term_key, []).append(proposal)
    return grouped


async def adopted_entries(ctx: Ctx) -> list[VocabProposal]:
    """The adopted definition of each term, alphabetical."""
    return sorted(await all_proposals(ctx, (ADOPTED,)), key=lambda p: (fold(p.term), p.id))


async def glossary_lines(ctx: Ctx) -> list[str]:
    """Adopted terms first (alphabetical), then the terms with proposals only."""
    grouped = by_term(await all_proposals(ctx, LIVE))
    adopted, pending = [], []
    for proposals in grouped.values():
        entry = next((p for p in proposals if p.status == ADOPTED), None)
        if entry is not None:
            line = f"• {strong(title(ctx, entry))} — {truncate_words(entry.definition, 140)}"
            adopted.append((fold(entry.term), line))
        else:
            first = proposals[0]
            count = ctx.t("vocab.pending_count", count=len(proposals))
            pending.append((fold(first.term), f"• {strong(title(ctx, first))} — _{count}_"))
    return [line for _, line in sorted(adopted)] + [line for _, line in sorted(pending)]


async def glossary(ctx: Ctx, page: int) -> Message:
    lines = await glossary_lines(ctx)
    if not lines:
        return Message(blocks=[Section(ctx.t("vocab.empty_glossary"))], ephemeral=True)
    shown, page, pages = page_of(lines, page, PAGE_SIZE)
    heading = ctx.tn("vocab.glossary_title", len(lines))
    blocks: list = [Header(heading), Section("\n".join(shown))]
    blocks.append(Context((ctx.t("core.page", page=page, pages=pages), ctx.t("vocab.list_hint"))))
    buttons = pager(ctx.language, "vocab.page", page, pages)
    if buttons:
        blocks.append(buttons)
    return Message(blocks=blocks, text=heading, ephemeral=True)


def labelled(ctx: Ctx, field: str, value: str) -> str:
    """« Exemple : … » in French, « Example: … » in English."""
    return ctx.t("vocab.labelled", label=ctx.t(f"vocab.field.{field}"), value=value)


async def export(ctx: Ctx) -> Message:
    """The adopted glossary as a Markdown file and a CSV file."""
    entries = await adopted_entries(ctx)
    if not entries:
        raise UserError("vocab.nothing_to_export")
    heading = ctx.t("vocab.export_title")
    markdown = [f"# {heading}", ""]
    rows = []
    for entry in entries:
        proposer = await ctx.display_name(entry.proposer_id)
        adopted = day(ctx, entry.adopted_at) if entry.adopted_at else ""
        markdown.append(f"## {markdown_escape(title(ctx, entry))}")
        markdown.extend(["", markdown_escape(entry.definition), ""])
        if entry.example:
            markdown.append("- " + labelled(ctx, "example", markdown_escape(entry.example)))
        if entry.source:
            markdown.append("- " + labelled(ctx, "source", markdown_escape(entry.source)))
        adopted_line = ctx.t("vocab.export_adopted", day=adopted, name=markdown_escape(proposer))
        markdown.extend([f"- {adopted_line}", ""])
        rows.append(
            [
                entry.term,
                entry.english or "",
                entry.definition,
                entry.example or "",
                entry.source or "",
                proposer,
                ctx.local(entry.adopted_at).date().isoformat() if entry.adopted_at else "",
            ]
        )
    header = [ctx.t(f"vocab.csv.{name}") for name in CSV_COLUMNS]
    text = ctx.tn("vocab.export_ready", len(entries))
    stem = ctx.t("vocab.file_stem")
    return Message(
        blocks=[Section(text)],
        text=text,
        ephemeral=True,
        files=[
            markdown_attachment(f"{stem}.md", "\n".join(markdown)),
            csv_attachment(f"{stem}.csv", header, rows),
        ],
    )


CSV_COLUMNS = ("term", "english", "definition", "example", "source", "proposer", "adopted")


async def history(ctx: Ctx, text: str) -> Message:
    """Every version of a term, oldest first, with dates and outcomes."""
    query = " ".join(clean(text).split())
    key = term_key(query)
    if not key:
        raise ctx.usage_error()
    if len(query) > MAX_TERM:
        raise UserError("vocab.term_too_long", length=len(query), limit=MAX_TERM)
    proposals = await proposals_for(ctx, key)
    if not proposals:
        raise NotFound("vocab.no_history", query=harmless(query))
    heading = ctx.t("vocab.history_title", term=proposals[-1].term, count=len(proposals))
    blocks: list = [Header(heading)]
    shown = await statuses(ctx, proposals)
    for proposal in proposals:
        status = shown[proposal.id or 0]
        summary = truncate_words(proposal.definition, 300)
        number = ctx.t("core.number", id=proposal.id)
        blocks.append(Section(f"*{number} · {title(ctx, proposal)}* — {status}\n{summary}"))
        blocks.append(Context((await outcome_line(ctx, proposal),)))
    return Message(blocks=blocks, text=heading, ephemeral=True)


async def to_discuss(ctx: Ctx) -> list[VocabProposal]:
    """Live proposals someone objected to or asked to discuss, alphabetical.

    A coordinator's adoption settles what was said before it: only later objections and
    requests put an adopted definition back « à discuter » (earlier ones stay in its history).
    """
    proposals = await all_proposals(ctx, LIVE)
    counts = await tallies(ctx, [p.id or 0 for p in proposals])
    flagged = []
    for proposal in proposals:
        tally = counts[proposal.id or 0]
        if (tally[OBJECT] or tally[DISCUSS]) and proposal.adopted_by and proposal.adopted_at:
            votes = await votes_of(ctx, proposal.id or 0)
            tally = counted([vote for vote in votes if vote.created_at > proposal.adopted_at])
        if tally[OBJECT] or tally[DISCUSS]:
            flagged.append(proposal)
    return sorted(flagged, key=lambda p: (fold(p.term), p.id))


def discuss_line(ctx: Ctx, proposal: VocabProposal) -> str:
    key = "vocab.discuss_line_open" if proposal.status == OPEN else "vocab.discuss_line_adopted"
    return ctx.t(key, number=proposal.id, term=title(ctx, proposal))


async def discussion_list(ctx: Ctx) -> Message:
    proposals = await to_discuss(ctx)
    if not proposals:
        return Message(blocks=[Section(ctx.t("vocab.nothing_to_discuss"))], ephemeral=True)
    heading = ctx.t("vocab.discuss_title", count=len(proposals))
    lines = "\n".join(discuss_line(ctx, p) for p in proposals)
    return Message(
        blocks=[Header(heading), Section(lines), Context((ctx.t("vocab.discuss_hint"),))],
        text=heading,
        ephemeral=True,
    )
