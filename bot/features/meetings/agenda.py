"""/rencontre odj: partners propose agenda points, coordinators order and remove them."""

from __future__ import annotations

from sqlmodel import func, select

from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.features.meetings.common import MAX_POINT, pick_meeting, require_open
from bot.features.meetings.feature import feature
from bot.features.meetings.view import agenda_extras, agenda_items, title_of
from bot.messages import Context, Header, Message, Reply, Section
from bot.text import fold
from bot.validation import checked_text
from storage.models.meetings import AgendaItem, Meeting

MAX_POINTS = 30
ADD, UP, DOWN, REMOVE = (
    ("ajouter", "add"),
    ("monter", "up"),
    ("descendre", "down"),
    ("retirer", "remove", "enlever"),
)


async def show_agenda(ctx: Ctx, meeting: Meeting) -> Message:
    """The numbered agenda of a meeting, with what other features add under it."""
    title = ctx.t(
        "meetings.agenda_title",
        title=title_of(ctx, meeting),
        id=meeting.id,
        when=ctx.when(meeting.starts_at),
    )
    items = await agenda_items(ctx, meeting.id or 0)
    lines = [f"{n}. {item.text}" for n, item in enumerate(items, 1)]
    blocks: list = [Header(title)]
    blocks.append(
        Section("\n".join(lines) if lines else ctx.t("meetings.agenda_none", id=meeting.id))
    )
    extras = await agenda_extras(ctx)
    if extras:
        blocks.append(Section(ctx.t("meetings.agenda_extras") + "\n" + "\n".join(extras)))
    blocks.append(Context((ctx.t("meetings.agenda_hint", id=meeting.id),)))
    return Message(blocks=blocks, text=title, ephemeral=True)


async def add_point(ctx: Ctx, words: list[str]) -> Reply:
    meeting = await pick_meeting(ctx, words, bare=False)  # « 3 priorités » is a point
    require_open(ctx, meeting)
    point = checked_text(
        " ".join(words) if words else "", limit=MAX_POINT, empty_key="meetings.agenda_empty_point"
    )
    count_statement = select(func.count(), func.max(AgendaItem.position)).where(
        AgendaItem.workspace == ctx.workspace, AgendaItem.meeting_id == meeting.id
    )
    count, last = (await ctx.session.exec(count_statement)).one()
    if count >= MAX_POINTS:
        raise UserError("meetings.agenda_full", limit=MAX_POINTS)
    ctx.session.add(
        AgendaItem(
            workspace=ctx.workspace,
            meeting_id=meeting.id or 0,
            position=(last or 0) + 1,
            text=point,
            author=ctx.user_id,
            created_at=ctx.now,
        )
    )
    text = ctx.t(
        "meetings.agenda_added",
        point=point,
        number=count + 1,
        title=title_of(ctx, meeting),
        id=meeting.id,
    )
    return Message(blocks=[Section(text)], text=text, ephemeral=True)


def point_number(ctx: Ctx, words: list[str], count: int) -> int:
    """The point number N (1-based) typed by the person, checked against the agenda."""
    if len(words) != 1 or not words[0].isdecimal():
        raise ctx.usage_error()
    number = int(words[0])
    if not 1 <= number <= count:
        raise UserError("meetings.agenda_bad_number", number=words[0][:9], count=count)
    return number


async def change_point(ctx: Ctx, action: str, words: list[str]) -> Reply:
    """Move point N up or down, or remove it (its author may remove their own point)."""
    if action != "remove":
        ctx.require_coordinator()
    ids = [w for w in words if w.startswith("#")]
    rest = [w for w in words if not w.startswith("#")]
    meeting = await pick_meeting(ctx, ids[:1], bare=False)  # a bare number is the point
    require_open(ctx, meeting)
    items = await agenda_items(ctx, meeting.id or 0)
    if not items:
        raise UserError("meetings.agenda_none", id=meeting.id)
    number = point_number(ctx, rest, len(items))
    item = items[number - 1]
    if action == "remove":
        if not ctx.is_coordinator and item.author != ctx.user_id:
            raise NotAllowed("meetings.agenda_remove_not_allowed")
        await ctx.session.delete(item)
    else:
        other = number - 2 if action == "up" else number
        if not 0 <= other < len(items):
            raise UserError(f"meetings.agenda_cannot_{action}", number=number)
        neighbour = items[other]
        item.position, neighbour.position = neighbour.position, item.position
        ctx.session.add_all([item, neighbour])
    await ctx.session.flush()
    return await show_agenda(ctx, meeting)


@feature.command("rencontre", "odj", aliases=("agenda", "ordre"), help="meetings.help.odj")
async def agenda(ctx: Ctx, text: str) -> Reply:
    """``/rencontre odj [#ID]`` lists; ``ajouter``, ``monter N``, ``descendre N``, ``retirer N``."""
    words = text.split()
    verb = fold(words[0]) if words else ""
    if verb in ADD:
        return await add_point(ctx, words[1:])
    for action, names in (("up", UP), ("down", DOWN), ("remove", REMOVE)):
        if verb in names:
            return await change_point(ctx, action, words[1:])
    meeting = await pick_meeting(ctx, words)
    if words:
        raise UserError("meetings.agenda_unknown_verb", word=words[0][:30])
    return await show_agenda(ctx, meeting)
