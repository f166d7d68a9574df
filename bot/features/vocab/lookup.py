"""/vocab TERME: the definition, the closest terms on a typo, or an offer to propose it."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.vocab.render import entry_message
from bot.features.vocab.store import LIVE, known_keys, proposals_for
from bot.features.vocab.terms import MAX_TERM, checked_term, term_key
from bot.messages import Actions, Button, Message, Section, Style
from bot.text import clean, harmless

CLOSE_ENOUGH = 85  # a typo: show that term directly
SUGGEST_FROM = 70  # below this, no suggestion


async def suggestions(ctx: Ctx, key: str, limit: int = 5) -> list[tuple[str, float]]:
    """The French keys of the live terms closest to ``key``, best first."""
    keys = await known_keys(ctx)
    found = process.extract(key, list(keys), scorer=fuzz.WRatio, limit=limit * 2)
    best: dict[str, float] = {}
    for candidate, score, _ in found:
        if score >= SUGGEST_FROM:
            french = keys[candidate]
            best[french] = max(best.get(french, 0.0), fuzz.ratio(key, candidate), score * 0.9)
    return sorted(best.items(), key=lambda item: -item[1])[:limit]


async def suggestion_buttons(ctx: Ctx, keys: list[str]) -> Actions | None:
    buttons = []
    for key in keys:
        proposals = [p for p in await proposals_for(ctx, key) if p.status in LIVE]
        if proposals:
            buttons.append(Button(proposals[-1].term, "vocab.show", str(proposals[-1].id)))
    return Actions(tuple(buttons)) if buttons else None


def propose_button(ctx: Ctx, term: str) -> Actions:
    label = ctx.t("vocab.button.propose", term=term)
    return Actions((Button(label, "vocab.new", term[:MAX_TERM], Style.PRIMARY),))


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
    close = await suggestions(ctx, key)
    if close and close[0][1] >= CLOSE_ENOUGH:
        best = await proposals_for(ctx, close[0][0])
        others = await suggestion_buttons(ctx, [k for k, _ in close[1:]])
        note = ctx.t("vocab.closest", query=shown, term=best[-1].term)
        return await entry_message(ctx, best, note=note, extra=[others] if others else [])
    blocks: list = [Section(ctx.t("vocab.not_found", query=shown))]
    buttons = await suggestion_buttons(ctx, [k for k, _ in close])
    if buttons:
        blocks = [Section(ctx.t("vocab.did_you_mean", query=shown)), buttons]
    try:
        term = checked_term(query)
    except UserError:
        term = ""
    if term:
        blocks.append(Section(ctx.t("vocab.offer_proposal", term=term)))
        blocks.append(propose_button(ctx, term))
    return Message(blocks=blocks, text=ctx.t("vocab.not_found", query=shown), ephemeral=True)
