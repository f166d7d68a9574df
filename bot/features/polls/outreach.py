"""Polls for the partners outside the chat: the open polls in the e-mail digest (to answer in
the chat), the results of closed nominative polls on the table's public page."""

from __future__ import annotations

from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.features.polls import store, store_outreach
from bot.features.polls.commands import feature
from bot.pages import PageSection


@feature.hook(hooks.MAIL_DIGEST_SECTIONS)
async def open_polls(ctx: Ctx, since: datetime | None) -> PageSection:
    """The channel's polls still taking answers, and until when."""
    polls = [p for p in await store.open_polls(ctx) if p.kind == "poll"]
    rows = [[p.question, ctx.when(p.closes_at) if p.closes_at else "—"] for p in polls]
    columns = [ctx.t("polls.outreach_question"), ctx.t("polls.outreach_until")]
    heading, empty = ctx.t("polls.outreach_open"), ctx.t("polls.outreach_none_open")
    return PageSection(50, heading, columns, rows, empty, key="sondages")


@feature.hook(hooks.PUBLIC_PAGE_SECTIONS)
async def closed_results(ctx: Ctx) -> PageSection:
    """Each closed nominative poll with its counts per choice."""
    rows = []
    for poll in await store_outreach.closed_public_polls(ctx):
        choices = await store.choices_of(ctx, poll)
        counted = await store.tally(ctx, poll, choices)
        results = " · ".join(
            f"{c.label} : {n}" for c, n in zip(choices, counted.counts, strict=True)
        )
        rows.append([poll.question, results, ctx.when(poll.closed_at or ctx.now)])
    columns = [ctx.t(f"polls.outreach_{c}") for c in ("question", "results", "closed")]
    heading, empty = ctx.t("polls.outreach_closed_heading"), ctx.t("polls.outreach_none_closed")
    return PageSection(50, heading, columns, rows, empty, key="sondages")
