"""What /vocab shares with the table's region (its adopted glossary), and a term imported
from the hub or another table, adopted here with its source."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.vocab.commands import feature
from bot.features.vocab.store import add_proposal, all_proposals, mark_adopted
from bot.features.vocab.terms import ADOPTED, Draft, term_key
from bot.hooks import SharedTerm


@feature.hook(hooks.REGION_GLOSSARY)
async def shared_glossary(ctx: Ctx) -> list[SharedTerm]:
    adopted = await all_proposals(ctx, (ADOPTED,))
    return sorted(
        (SharedTerm(p.term, p.definition, p.source) for p in adopted),
        key=lambda term: term_key(term.term),
    )


@feature.hook(hooks.VOCAB_IMPORT)
async def import_term(ctx: Ctx, term: str, definition: str, source: str) -> str:
    """Adopt ``term`` here, unless the table already adopted a definition of it."""
    key = term_key(term)
    if any(term_key(p.term) == key for p in await all_proposals(ctx, (ADOPTED,))):
        raise UserError("vocab.import_already", term=term)
    proposal = await add_proposal(ctx, Draft(term, definition, source=source[:300]))
    await mark_adopted(ctx, proposal, by=ctx.user_id)
    return proposal.term
