"""The récolte for the partners outside the chat: a section of the e-mail digest and of the
table's public page (organisations are named, never the people who posted)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import hooks
from bot.ctx import Ctx
from bot.features.highlights.commands import feature
from bot.features.highlights.store import find_highlights
from bot.pages import PageSection
from storage.models.highlights import Highlight

RECENT = timedelta(days=30)  # the latest récolte: what the last month brought
LIMIT = 30


def told(highlight: Highlight) -> str:
    return highlight.text + (f" {highlight.link}" if highlight.link else "")


async def harvest_section(ctx: Ctx, since: datetime) -> PageSection:
    found = await find_highlights(ctx, since=since, newest_first=True)
    rows = [[s.highlight.organisation or "—", told(s.highlight)] for s in found[:LIMIT]]
    columns = [ctx.t("highlights.outreach_who"), ctx.t("highlights.outreach_what")]
    heading, empty = ctx.t("highlights.outreach_heading"), ctx.t("highlights.outreach_empty")
    return PageSection(30, heading, columns, rows, empty, key="recolte")


@feature.hook(hooks.MAIL_DIGEST_SECTIONS)
async def digest_harvest(ctx: Ctx, since: datetime | None) -> PageSection:
    """The highlights posted since the last digest (the last month for the first one)."""
    return await harvest_section(ctx, since or ctx.now - RECENT)


@feature.hook(hooks.PUBLIC_PAGE_SECTIONS)
async def page_harvest(ctx: Ctx) -> PageSection:
    """The latest récolte on the table's page: the last month's highlights."""
    return await harvest_section(ctx, ctx.now - RECENT)
