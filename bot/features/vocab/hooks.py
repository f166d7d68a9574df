"""What /vocab offers other features: meeting reminders and agendas, term autocomplete."""

from __future__ import annotations

from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.features.vocab.feature import feature
from bot.features.vocab.listing import discuss_line, to_discuss
from bot.features.vocab.render import title
from bot.features.vocab.store import LIVE, all_proposals
from bot.features.vocab.terms import term_key
from bot.messages import Block, Context, Section
from bot.text import fold

MAX_SUGGESTIONS = 25


@feature.hook(hooks.MEETING_REMINDER_SECTIONS)
async def reminder_sections(
    ctx: Ctx, since: datetime | None, meeting_start: datetime
) -> list[Block] | None:
    """The terms « à discuter » for the meeting reminder; None when there are none."""
    proposals = await to_discuss(ctx)
    if not proposals:
        return None
    lines = "\n".join(discuss_line(ctx, p) for p in proposals)
    heading = ctx.t("vocab.reminder_title", count=len(proposals))
    return [Section(f"*{heading}*\n{lines}"), Context((ctx.t("vocab.discuss_hint"),))]


@feature.hook(hooks.MEETING_AGENDA_EXTRAS)
async def agenda_extras(ctx: Ctx) -> list[str] | None:
    """One agenda line per term « à discuter »; None when there are none."""
    proposals = await to_discuss(ctx)
    if not proposals:
        return None
    return [ctx.t("vocab.agenda_line", number=p.id, term=title(ctx, p)) for p in proposals]


@feature.hook(hooks.suggest("vocab"))
async def suggest_terms(ctx: Ctx, prefix: str) -> list[tuple[str, str]]:
    """Live terms (and English equivalents) starting with ``prefix``, alphabetical."""
    key = term_key(prefix) if prefix.strip() else ""
    folded = fold(prefix)
    found: dict[str, tuple[str, str]] = {}
    for proposal in await all_proposals(ctx, LIVE):
        names = [(proposal.term, proposal.term_key)]
        if proposal.english and proposal.english_key:
            names.append((proposal.english, proposal.english_key))
        for name, name_key in names:
            if not key or name_key.startswith(key) or fold(name).startswith(folded):
                found.setdefault(fold(name), (name, name))
    return [found[name] for name in sorted(found)][:MAX_SUGGESTIONS]
