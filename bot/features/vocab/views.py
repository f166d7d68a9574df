"""Proposals and entries as posted: their votes and the people they name read, then rendered."""

from __future__ import annotations

from collections.abc import Iterable

from bot.ctx import Ctx
from bot.features.vocab import render
from bot.features.vocab.store import tallies, votes_of
from bot.features.vocab.terms import OPEN
from bot.messages import Block, Message
from storage.models.vocab import VocabProposal, VocabVote


async def names_of(ctx: Ctx, user_ids: Iterable[str]) -> dict[str, str]:
    """How to name each of these people in a message (never a ping)."""
    return await ctx.display_names(user_ids)


async def proposal_message(
    ctx: Ctx, proposal: VocabProposal, votes: list[VocabVote] | None = None
) -> Message:
    """The channel post of a proposal; ``votes`` are its votes when the caller read them."""
    if votes is None:
        votes = await votes_of(ctx, proposal.id or 0)
    names = await names_of(ctx, render.people_named([proposal], votes))
    return render.proposal_message(ctx, proposal, votes, names)


async def statuses(ctx: Ctx, proposals: list[VocabProposal]) -> dict[int, str]:
    """Each proposal's status as its own message shows it, by number."""
    counts = await tallies(ctx, [p.id or 0 for p in proposals])
    return render.statuses(ctx, proposals, counts)


async def entry_message(
    ctx: Ctx, proposals: list[VocabProposal], note: str = "", extra: list[Block] | None = None
) -> Message:
    """What /vocab TERME shows: the adopted definition, then the proposals in discussion."""
    open_ones = [p.id or 0 for p in proposals if p.status == OPEN]
    counts = await tallies(ctx, open_ones)
    votes = {number: await votes_of(ctx, number) for number in open_ones}
    everyone = [vote for some in votes.values() for vote in some]
    names = await names_of(ctx, render.people_named(proposals, everyone))
    return render.entry_message(ctx, proposals, counts, votes, names, note, extra)
