"""/vocab TERME: the definition, the closest terms on a typo, or an offer to propose it."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.vocab.render_lists import not_found_message, suggestion_buttons
from bot.features.vocab.store import known_keys, proposals_for
from bot.features.vocab.terms import LIVE, MAX_TERM, checked_term, term_key
from bot.features.vocab.views import entry_message
from bot.messages import Actions, Message
from bot.text import clean, fold, harmless
from storage.models.vocab import VocabProposal

CLOSE_ENOUGH = 85  # a typo: show that term directly
SUGGEST_FROM = 70  # below this, no suggestion
MAX_SUGGESTIONS = 25


def closest(keys: dict[str, str], key: str, limit: int = 5) -> list[tuple[str, float]]:
    """The French keys (``keys``: key → French key) closest to ``key``, best first."""
    found = process.extract(key, list(keys), scorer=fuzz.WRatio, limit=limit * 2)
    best: dict[str, float] = {}
    for candidate, score, _ in found:
        if score >= SUGGEST_FROM:
            french = keys[candidate]
            best[french] = max(best.get(french, 0.0), fuzz.ratio(key, candidate), score * 0.9)
    return sorted(best.items(), key=lambda item: -item[1])[:limit]


def starting_with(live: list[VocabProposal], prefix: str) -> list[tuple[str, str]]:
    """Live terms (and English equivalents) starting with ``prefix``, alphabetical."""
    key = term_key(prefix) if prefix.strip() else ""
    folded = fold(prefix)
    found: dict[str, tuple[str, str]] = {}
    for proposal in live:
        names = [(proposal.term, proposal.term_key)]
        if proposal.english and proposal.english_key:
            names.append((proposal.english, proposal.english_key))
        for name, name_key in names:
            if not key or name_key.startswith(key) or fold(name).startswith(folded):
                found.setdefault(fold(name), (name, name))
    return [found[name] for name in sorted(found)][:MAX_SUGGESTIONS]


async def latest_live(ctx: Ctx, keys: list[str]) -> Actions | None:
    """Buttons showing the latest live proposal of each of these terms."""
    latest = []
    for key in keys:
        proposals = [p for p in await proposals_for(ctx, key) if p.status in LIVE]
        if proposals:
            latest.append(proposals[-1])
    return suggestion_buttons(latest)


async def look_up(ctx: Ctx, text: str) -> Message:
    """The entry for ``text``, matching case, accents, elision and plural away."""
    query = " ".join(clean(text).split())
    if len(query) > MAX_TERM:
        raise UserError("vocab.term_too_long", length=len(query), limit=MAX_TERM)
    key = term_key(query)
    if not key:
        raise UserError("vocab.empty_term")
    shown = harmless(query)
    proposals = await proposals_for(ctx, key)
    if proposals:
        return await entry_message(ctx, proposals)
    close = closest(await known_keys(ctx), key)
    if close and close[0][1] >= CLOSE_ENOUGH:
        best = await proposals_for(ctx, close[0][0])
        others = await latest_live(ctx, [k for k, _ in close[1:]])
        note = ctx.t("vocab.closest", query=shown, term=best[-1].term)
        return await entry_message(ctx, best, note=note, extra=[others] if others else [])
    buttons = await latest_live(ctx, [k for k, _ in close])
    try:
        term = checked_term(query)
    except UserError:
        term = ""
    return not_found_message(ctx, shown, buttons, term)
