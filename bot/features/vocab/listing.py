"""The glossary (paged), its export, a term's history and the terms « à discuter »."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import NotFound, UserError
from bot.features.vocab.export_files import ExportFiles
from bot.features.vocab.render import people_named
from bot.features.vocab.render_lists import (
    PAGE_SIZE,
    glossary_message,
    history_message,
)
from bot.features.vocab.store import (
    all_proposals,
    glossary_page,
    proposals_for,
    tallies,
    votes_of,
)
from bot.features.vocab.store_export import adopted_entries, adopted_order
from bot.features.vocab.terms import DISCUSS, LIVE, MAX_TERM, OBJECT, counted, term_key
from bot.features.vocab.views import names_of, statuses
from bot.messages import Message
from bot.text import clean, fold, harmless
from storage.models.vocab import VocabProposal


async def glossary(ctx: Ctx, page: int) -> Message:
    terms, where = await glossary_page(ctx, page, PAGE_SIZE)
    return glossary_message(ctx, terms, where)


async def export(ctx: Ctx) -> Message:
    """The adopted glossary (each term's adopted definition, alphabetical) as files, written
    a chunk of definitions at a time as they are read."""
    numbers = await adopted_order(ctx)
    if not numbers:
        raise UserError("vocab.nothing_to_export")
    files = ExportFiles(ctx)
    async for entries in adopted_entries(ctx, numbers):
        files.add(entries, await names_of(ctx, (entry[6] for entry in entries)))
    return files.message()


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
    shown = await statuses(ctx, proposals)
    names = await names_of(ctx, people_named(proposals))
    return history_message(ctx, proposals, shown, names)


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
