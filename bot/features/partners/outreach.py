"""The partners' map on the table's public page: organisations and sectors; a person is
named only once they agreed (``/partenaire public oui``), and can take it back."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.features.partners import store, store_outreach
from bot.features.partners.commands import feature
from bot.messages import Message, text_message
from bot.pages import PageSection
from bot.text import fold

YES = ("oui", "yes", "o", "y")
NO = ("non", "no", "n")


@feature.command("partenaire", "public", aliases=("page",), help="partners.help.public")
async def public_name(ctx: Ctx, text: str) -> Message:
    """``oui``: my name beside my organisation on the table's page; ``non``: no more."""
    answer = fold(text).strip()
    if answer not in (*YES, *NO):
        raise ctx.usage_error()
    await store_outreach.agree(ctx, answer in YES)
    return text_message(ctx.t("partners.public_yes" if answer in YES else "partners.public_no"))


@feature.hook(hooks.PUBLIC_PAGE_SECTIONS)
async def partners_map(ctx: Ctx) -> PageSection:
    """Each organisation, its sector, and the people who agreed to be named for it."""
    named: dict[str, list[str]] = {}
    for member in await store_outreach.named_representatives(ctx):
        named.setdefault(fold(member.organisation or ""), []).append(member.display_name)
    rows = [
        [o.name, o.sector or "—", ", ".join(named.get(o.name_key, [])) or "—"]
        for o in await store.organisations(ctx)
    ]
    columns = [ctx.t(f"partners.outreach_{c}") for c in ("organisation", "sector", "people")]
    heading, empty = ctx.t("partners.outreach_heading"), ctx.t("partners.outreach_empty")
    return PageSection(40, heading, columns, rows, empty, key="partenaires")
