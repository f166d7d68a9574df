"""``/faitsaillant liste [depuis DATE] [#thème] [@personne]``, a page at a time."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.highlights.feature import feature
from bot.features.highlights.parsing import MAX_TAG, read_list_filters
from bot.features.highlights.render import list_line
from bot.features.highlights.store import find_highlights
from bot.messages import Context, Header, Message, Reply, Section
from bot.paging import page_of, pager, read_page_value
from bot.text import elided_key
from bot.when import format_day

PAGE_SIZE = 10


@feature.command("faitsaillant", "liste", aliases=("list", "lister"), help="highlights.help.liste")
async def list_highlights(ctx: Ctx, text: str) -> Reply:
    filters = read_list_filters(text)
    if filters.extra:
        raise UserError("highlights.one_filter_each", extra=filters.extra)
    since = None
    if filters.since_text:
        if not filters.since_text.split()[0].lower().startswith(("depuis", "since")):
            raise UserError("highlights.list_unknown_words", words=filters.since_text[:60])
        since = ctx.parse_since(filters.since_text)
    return await list_page(ctx, 1, since, filters.tag, filters.author)


def pager_state(since: datetime | None, tag: str | None, author: str | None) -> str:
    """The filters carried by the page buttons: ``since epoch|tag|author``."""
    stamp = str(int(since.timestamp())) if since else ""
    return f"{stamp}|{(tag or '')[:MAX_TAG]}|{(author or '')[:30]}"


def read_pager_state(state: str) -> tuple[datetime | None, str | None, str | None]:
    """The filters back from an (untrusted) button value; nonsense means no filter."""
    stamp, _, rest = state.partition("|")
    tag, _, author = rest.partition("|")
    since = None
    if stamp.isdecimal() and len(stamp) <= 11:
        since = datetime.fromtimestamp(int(stamp), UTC)
    return since, tag[:MAX_TAG] or None, author[:30] or None


@feature.action("highlights.page")
async def turn_page(ctx: Ctx, value: str) -> Reply:
    page, state = read_page_value(value)
    since, tag, author = read_pager_state(state)
    return await list_page(ctx, page, since, tag, author)


async def list_page(
    ctx: Ctx, page: int, since: datetime | None, tag: str | None, author: str | None
) -> Message:
    """One page of the list, newest first, with what was filtered in the title."""
    items = await find_highlights(ctx, since=since, tag=tag, author=author, newest_first=True)
    label = next((label for item in items for key, label in item.tags if key == tag), tag)
    described = await describe_filters(ctx, since, label, author)
    if not items:
        return Message(
            blocks=[Section(ctx.t("highlights.list_empty", filters=described))], ephemeral=True
        )
    shown, page, pages = page_of(items, page, PAGE_SIZE)
    title = ctx.t("highlights.list_title", count=len(items), filters=described)
    blocks: list = [
        Header(title),
        Section("\n".join(list_line(ctx, item) for item in shown)),
        Context((ctx.t("core.page", page=page, pages=pages),)),
    ]
    buttons = pager(ctx.language, "highlights.page", page, pages, pager_state(since, tag, author))
    if buttons:
        blocks.append(buttons)
    return Message(blocks=blocks, text=title, ephemeral=True)


async def describe_filters(
    ctx: Ctx, since: datetime | None, tag: str | None, author: str | None
) -> str:
    """« depuis le lundi 5 octobre 2026 · #Santé · d'Alice » (a day alone when it starts at 0 h)."""
    parts = []
    if since:
        local = ctx.local(since)
        midnight = (local.hour, local.minute, local.second) == (0, 0, 0)
        date = format_day(local.date(), ctx.language) if midnight else ctx.when(since)
        parts.append(ctx.t("highlights.filter_since", date=date))
    if tag:
        parts.append(f"#{tag}")
    if author:
        name = await ctx.display_name(author)
        parts.append(ctx.t(elided_key("highlights.filter_author", name), name=name))
    return " · ".join(parts) if parts else ctx.t("highlights.filter_none")
