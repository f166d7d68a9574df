"""/faitsaillant's commands, buttons, forms, job and hook."""

from __future__ import annotations

import json
from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.highlights.digest import default_start, since_last_meeting
from bot.features.highlights.harvest import collect, harvest_message
from bot.features.highlights.parsing import (
    Draft,
    automatic_request,
    checked_harvest_options,
    checked_list_filters,
    is_stop,
    mentioned_ids,
    name_mentions,
    pager_state,
    read_form,
    read_pager_state,
    read_text,
)
from bot.features.highlights.recurrence import (
    Recurrence,
    auto_key,
    next_occurrence,
    parse_recurrence,
    run_since,
)
from bot.features.highlights.render import (
    PAGE_SIZE,
    highlight_form,
    highlight_message,
    item_key,
    list_message,
    posted,
    withdrawn_confirmation,
)
from bot.features.highlights.render_harvest import (
    auto_set,
    auto_title,
    compact_blocks,
    schedules_message,
)
from bot.features.highlights.rules import (
    require_author,
    require_other_than_author,
    require_restorer,
    require_withdrawer,
)
from bot.features.highlights.store import (
    Filters,
    add_highlight,
    get_highlight,
    highlights_page,
    one_shown,
    pending_harvests,
    rewrite_highlight,
    set_restored,
    set_withdrawn,
    toggle_interest,
)
from bot.messages import Block, Message, Reply, Update, text_message
from bot.paging import read_page_value
from bot.router import Feature
from storage.models import Job
from storage.models.highlights import Highlight

feature = Feature("highlights")


# -- the buttons of a highlight: « Utile », « Retirer » (and « Annuler » right after) -------------
async def refreshed(ctx: Ctx, highlight: Highlight) -> Update:
    """The highlight's channel message, redrawn (naming who withdrew it, if anyone)."""
    assert highlight.id is not None
    # ``withdrawn_by`` holds a user id; older rows hold a name, which display_name returns as is
    withdrawer = await ctx.display_name(highlight.withdrawn_by) if highlight.withdrawn_by else ""
    message = highlight_message(ctx, await one_shown(ctx, highlight), withdrawer)
    return Update(item_key(highlight.id), message)


@feature.action("highlights.useful")
async def toggle_useful(ctx: Ctx, value: str) -> Reply:
    """Each person counts once; clicking again takes the mark back. Authors do not count."""
    highlight = require_other_than_author(ctx, await get_highlight(ctx, value))
    assert highlight.id is not None
    added = await toggle_interest(ctx, highlight.id)
    update = await refreshed(ctx, highlight)
    key = "highlights.useful_added" if added else "highlights.useful_removed"
    return [update, text_message(ctx.t(key))]


@feature.action("highlights.withdraw")
async def withdraw(ctx: Ctx, value: str) -> Reply:
    """Authors withdraw their own highlights; coordinators any. Left out of lists and récoltes."""
    highlight = await get_highlight(ctx, value)
    await set_withdrawn(ctx, require_withdrawer(ctx, highlight, withdrawn=False))
    return [await refreshed(ctx, highlight), withdrawn_confirmation(ctx, value)]


@feature.action("highlights.restore")
async def restore(ctx: Ctx, value: str) -> Reply:
    """« Annuler » right after « Retirer »: back as it was."""
    highlight = await get_highlight(ctx, value, withdrawn_ok=True)
    await set_restored(ctx, require_restorer(ctx, highlight))
    return [await refreshed(ctx, highlight), text_message(ctx.t("highlights.restored"))]


# -- the récolte: on demand, weekly or monthly, and in meeting reminders ------------------------
@feature.command(
    "faitsaillant",
    "recolte",
    aliases=("récolte", "harvest", "digest"),
    help="highlights.help.recolte",
)
async def harvest(ctx: Ctx, text: str) -> Reply:
    """The récolte since a date (default: since the last meeting, else 30 days)."""
    automatic = automatic_request(text)
    if automatic is not None:
        return await plan_automatic(ctx, automatic)
    options = checked_harvest_options(text)
    if options.since_text:
        since = ctx.parse_since(options.since_text)
    else:
        since = since_last_meeting(ctx, await ctx.hook(hooks.LAST_MEETING_START))
    digest = await collect(ctx, since, by_useful=options.by_useful)
    if not digest.count:
        return text_message(ctx.t("highlights.harvest_empty", date=ctx.when(since)))
    return await harvest_message(ctx, digest, ctx.t("highlights.harvest_title"))


async def plan_automatic(ctx: Ctx, text: str) -> Reply:
    """``auto hebdo lundi 9h`` / ``auto mensuel 1 9h`` / ``auto arret`` / ``auto`` (show)."""
    if not text:
        return schedules_message(ctx, await pending_harvests(ctx))
    ctx.require_coordinator()
    if is_stop(text):
        if not await ctx.cancel_jobs(hooks.HIGHLIGHTS_HARVEST, auto_key(ctx.place.channel)):
            raise UserError("highlights.auto_none_here")
        return text_message(ctx.t("highlights.auto_stopped"), ephemeral=False)
    recurrence = parse_recurrence(text)
    await ctx.cancel_jobs(hooks.HIGHLIGHTS_HARVEST, auto_key(ctx.place.channel))
    due = next_occurrence(recurrence, ctx.now, ctx.timezone)
    payload = {**recurrence.as_payload(), "since": None}
    key = auto_key(ctx.place.channel, due)
    await ctx.schedule(hooks.HIGHLIGHTS_HARVEST, key, due, payload, ctx.place.channel)
    return auto_set(ctx, recurrence, due)


@feature.job(hooks.HIGHLIGHTS_HARVEST)
async def run_automatic(ctx: Ctx, job: Job) -> Reply:
    """Post the récolte since the previous run, then schedule the next one."""
    payload = json.loads(job.payload)
    recurrence = Recurrence.from_payload(payload)
    since = run_since(payload, job.due_at, ctx.timezone)
    due = next_occurrence(recurrence, ctx.now, ctx.timezone)
    following = {**recurrence.as_payload(), "since": ctx.now.isoformat()}
    key = auto_key(job.channel, due)
    await ctx.schedule(hooks.HIGHLIGHTS_HARVEST, key, due, following, job.channel)
    title = auto_title(ctx, recurrence)
    digest = await collect(ctx, since)
    if not digest.count:
        notice = ctx.t("highlights.auto_empty", title=title, date=ctx.when(since))
        return text_message(notice, ephemeral=False)
    return await harvest_message(ctx, digest, title)


@feature.hook(hooks.MEETING_REMINDER_SECTIONS)
async def reminder_sections(
    ctx: Ctx, since: datetime | None, meeting_start: datetime | None = None
) -> list[Block] | None:
    """The récolte since ``since`` (else 30 days), compact; None without highlights."""
    return compact_blocks(ctx, await collect(ctx, since or default_start(ctx)))


# -- /faitsaillant liste [depuis DATE] [#thème] [@personne], a page at a time -------------------
async def list_page(
    ctx: Ctx, page: int, since: datetime | None, tag: str | None, author: str | None
) -> Message:
    """One page of the list, newest first, with what was filtered in the title."""
    found = await highlights_page(ctx, Filters(since, tag=tag, author=author), page, PAGE_SIZE)
    author_name = await ctx.display_name(author) if author else None
    state = pager_state(since, tag, author)
    return list_message(ctx, found, since=since, tag=tag, author_name=author_name, state=state)


@feature.command("faitsaillant", "liste", aliases=("list", "lister"), help="highlights.help.liste")
async def list_highlights(ctx: Ctx, text: str) -> Reply:
    """The first page of the highlights asked for."""
    filters = checked_list_filters(text)
    since = ctx.parse_since(filters.since_text) if filters.since_text else None
    return await list_page(ctx, 1, since, filters.tag, filters.author)


@feature.action("highlights.page")
async def turn_page(ctx: Ctx, value: str) -> Reply:
    """Another page of the same list (its filters are carried by the button)."""
    page, state = read_page_value(value)
    since, tag, author = read_pager_state(state)
    return await list_page(ctx, page, since, tag, author)


# -- posting a highlight: /faitsaillant TEXTE, or the form when there is no text; editing -------
async def with_named_mentions(ctx: Ctx, text: str) -> str:
    """A mention becomes « @Alice »: the person's name, readable, notifying no one."""
    names = {user_id: await ctx.display_name(user_id) for user_id in mentioned_ids(text)}
    return name_mentions(text, names)


async def publish(ctx: Ctx, draft: Draft) -> Reply:
    """Store the highlight and post it in the channel."""
    member = await ctx.member(ctx.user_id)  # the author's partner profile
    highlight = Highlight(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        author_id=ctx.user_id,
        author_name=await ctx.display_name(ctx.user_id),
        organisation=member.organisation if member else None,
        text=draft.text,
        link=draft.link,
        territory=draft.territory,
        created_at=ctx.now,
    )
    return posted(ctx, await add_highlight(ctx, highlight, draft.tags))


async def read_submitted(ctx: Ctx, values: dict[str, str]) -> Draft:
    """The form's highlight, mentions named."""
    texte = await with_named_mentions(ctx, values.get("texte", ""))
    return read_form({**values, "texte": texte})


@feature.command("faitsaillant", "", help="highlights.help.post")
async def post(ctx: Ctx, text: str) -> Reply:
    """``/faitsaillant TEXTE`` posts; ``/faitsaillant`` alone opens the form."""
    if not text.strip():
        return highlight_form(ctx, "highlights.new")
    return await publish(ctx, read_text(await with_named_mentions(ctx, text)))


@feature.form("highlights.new")
async def submit_new(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    """The form filled in: post the highlight."""
    return await publish(ctx, await read_submitted(ctx, values))


@feature.action("highlights.edit")
async def open_edit(ctx: Ctx, value: str) -> Reply:
    """« Modifier »: the author gets the form, pre-filled."""
    highlight = require_author(ctx, await get_highlight(ctx, value))
    return highlight_form(ctx, "highlights.edit", await one_shown(ctx, highlight))


@feature.form("highlights.edit")
async def submit_edit(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    """The author's rewrite: the channel message redrawn in place."""
    highlight = require_author(ctx, await get_highlight(ctx, state))
    draft = await read_submitted(ctx, values)
    await rewrite_highlight(ctx, highlight, draft.text, draft.tags, draft.link, draft.territory)
    assert highlight.id is not None
    item = await one_shown(ctx, highlight)
    return [
        Update(item_key(highlight.id), highlight_message(ctx, item)),
        text_message(ctx.t("highlights.edited")),
    ]
