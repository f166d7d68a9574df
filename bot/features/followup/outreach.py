"""The follow-up for the partners outside the chat: open actions in the e-mail digest, the
decisions on the table's public page. Actions name an organisation, or a person by name."""

from __future__ import annotations

from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.features.followup import store, store_outreach
from bot.features.followup.commands import feature
from bot.features.followup.render import owner_of
from bot.pages import PageSection
from bot.text import harmless


@feature.hook(hooks.MAIL_DIGEST_SECTIONS)
async def open_actions(ctx: Ctx, since: datetime | None) -> PageSection:
    """The channel's actions still to do: what, who, by when."""
    actions = await store.open_actions(ctx)
    names = await ctx.display_names([a.owner_id for a in actions if a.owner_id])
    rows = [
        [harmless(a.text), owner_of(ctx, a, names), ctx.when(a.due_at) if a.due_at else "—"]
        for a in actions
    ]
    columns = [ctx.t(f"followup.outreach_{c}") for c in ("what", "who", "due")]
    heading, empty = ctx.t("followup.outreach_actions"), ctx.t("followup.outreach_no_action")
    return PageSection(40, heading, columns, rows, empty, key="actions")


@feature.hook(hooks.PUBLIC_PAGE_SECTIONS)
async def decisions(ctx: Ctx) -> PageSection:
    """The decisions the table took, newest first."""
    found = await store_outreach.recent_decisions(ctx)
    rows = [[ctx.when(d.created_at), harmless(d.text)] for d in found]
    columns = [ctx.t("followup.outreach_when"), ctx.t("followup.outreach_decision")]
    heading, empty = ctx.t("followup.outreach_decisions"), ctx.t("followup.outreach_no_decision")
    return PageSection(60, heading, columns, rows, empty, key="decisions")
