"""New definitions for the e-mail digest: the terms adopted since the last one."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import hooks
from bot.ctx import Ctx
from bot.features.vocab.commands import feature
from bot.features.vocab.store import all_proposals
from bot.features.vocab.terms import ADOPTED
from bot.pages import PageSection

FIRST = timedelta(days=30)  # the first digest tells the last month's definitions


@feature.hook(hooks.MAIL_DIGEST_SECTIONS)
async def new_definitions(ctx: Ctx, since: datetime | None) -> PageSection:
    start = since or ctx.now - FIRST
    adopted = [
        p
        for p in await all_proposals(ctx, (ADOPTED,))
        if p.adopted_at is not None and p.adopted_at.astimezone(start.tzinfo) >= start
    ]
    rows = [[p.term + (f" ({p.english})" if p.english else ""), p.definition] for p in adopted]
    columns = [ctx.t("vocab.page_term"), ctx.t("vocab.page_definition")]
    heading, empty = ctx.t("vocab.digest_heading"), ctx.t("vocab.digest_empty")
    return PageSection(20, heading, columns, rows, empty, key="vocabulaire")
