"""Reading the glossary's export: the adopted terms' order, then their columns a chunk at a
time; never an ORM object per term."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime

from sqlmodel import col, select

from bot.ctx import Ctx
from bot.features.vocab.terms import ADOPTED
from bot.text import fold
from storage.models.vocab import VocabProposal
from storage.queries import in_chunks

# the columns an export shows of an adopted definition, in this order
COLUMNS = (
    VocabProposal.id,
    VocabProposal.term,
    VocabProposal.english,
    VocabProposal.definition,
    VocabProposal.example,
    VocabProposal.source,
    VocabProposal.proposer_id,
    VocabProposal.adopted_at,
)
Entry = tuple[int, str, str | None, str, str | None, str | None, str, datetime | None]


async def adopted_order(ctx: Ctx) -> list[int]:
    """The adopted definitions' numbers, alphabetical (folded term, then number): only two
    columns are read."""
    statement = select(VocabProposal.id, VocabProposal.term).where(
        VocabProposal.workspace == ctx.workspace, VocabProposal.status == ADOPTED
    )
    rows = (await ctx.session.exec(statement)).all()  # type: ignore[call-overload]
    return [number for _, number in sorted((fold(term), number) for number, term in rows)]


async def adopted_entries(ctx: Ctx, numbers: list[int]) -> AsyncIterator[Sequence[Entry]]:
    """The adopted definitions ``numbers``, in that order, one IN list at a time."""
    for some in in_chunks(numbers):
        statement = select(*COLUMNS).where(
            VocabProposal.workspace == ctx.workspace, col(VocabProposal.id).in_(some)
        )
        found = {row[0]: tuple(row) for row in (await ctx.session.exec(statement)).all()}  # type: ignore[call-overload]
        yield [found[number] for number in some if number in found]  # type: ignore[misc]
