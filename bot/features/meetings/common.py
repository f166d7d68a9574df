"""Shared pieces of /rencontre: finding a meeting safely, ids, checked dates, safe hooks."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot import hooks
from bot.ctx import Ctx
from bot.errors import NotFound, UserError
from storage.models.meetings import Meeting, Rsvp
from storage.queries import upsert

log = logging.getLogger("outarde.meetings")

PLANNED, DRAFT, CANCELLED = "planned", "draft", "cancelled"
REMINDER, ENDED = hooks.MEETING_REMINDER, hooks.MEETING_END
MAX_AHEAD_DAYS = 731  # « more than two years ahead » is refused
MAX_TITLE, MAX_LOCATION, MAX_POINT = 120, 300, 300
_ID = re.compile(r"^#(\d{1,9})$")
_BARE_ID = re.compile(r"^#?(\d{1,9})$")
LINKED_CHANNELS = ("slack", "discord")  # platforms that render ``<#id>`` as a channel link


def meeting_ref(token: str, *, bare: bool = True) -> int | None:
    """``#12`` or ``12`` → 12 (only ``#12`` when not ``bare``); None for anything else."""
    match = (_BARE_ID if bare else _ID).match(token.strip())
    return int(match.group(1)) if match else None


def channel_ref(ctx: Ctx, channel: str) -> str:
    """A channel as people see it: a link on Slack and Discord, ``#name`` elsewhere."""
    return f"<#{channel}>" if ctx.place.platform in LINKED_CHANNELS else f"#{channel}"


def value_id(value: str) -> int:
    """The meeting id at the start of an (untrusted) action value; NotFound when malformed."""
    head = value.split(":", 1)[0]
    if not head.isdecimal() or len(head) > 9:
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    return int(head)


def length(ctx: Ctx) -> timedelta:
    return timedelta(minutes=int(ctx.setting("duree_rencontre")))


def checked_start(ctx: Ctx, text: str) -> datetime:
    """The meeting's start typed by the person: future, at most two years ahead."""
    if not text.strip():
        raise UserError("meetings.missing_when")
    starts = ctx.parse_when(text)
    limit = ctx.now + timedelta(days=MAX_AHEAD_DAYS)
    if starts > limit:
        raise UserError("meetings.too_far", when=ctx.when(starts))
    return starts


async def find_meeting(ctx: Ctx, meeting_id: int) -> Meeting | None:
    """The meeting ``meeting_id`` of this workspace (any status), else None."""
    statement = select(Meeting).where(Meeting.workspace == ctx.workspace, Meeting.id == meeting_id)
    return (await ctx.session.exec(statement)).first()


async def get_meeting(ctx: Ctx, meeting_id: int) -> Meeting:
    """A confirmed (planned or cancelled) meeting of this workspace; NotFound otherwise."""
    meeting = await find_meeting(ctx, meeting_id)
    if meeting is None or meeting.status == DRAFT:
        raise NotFound("meetings.unknown_meeting", id=meeting_id)
    return meeting


async def channel_meeting(ctx: Ctx, meeting_id: int) -> Meeting:
    """A confirmed meeting of this channel: one planned elsewhere is named, never shown."""
    meeting = await get_meeting(ctx, meeting_id)
    if meeting.channel != ctx.place.channel:
        raise UserError(
            "meetings.other_channel", id=meeting_id, channel=channel_ref(ctx, meeting.channel)
        )
    return meeting


async def upcoming(ctx: Ctx, *, channel_only: bool = True, limit: int = 50) -> list[Meeting]:
    """Planned meetings not yet begun, soonest first (this channel's by default)."""
    params = {"workspace": ctx.workspace, "now": ctx.now, "limit": limit}
    if channel_only:
        params["channel"] = ctx.place.channel
    statement = _upcoming(channel_only)
    return list((await ctx.session.exec(statement, params=params)).all())


@cache
def _upcoming(channel_only: bool) -> SelectOfScalar[Meeting]:
    statement = select(Meeting).where(
        Meeting.workspace == bindparam("workspace"),
        Meeting.status == PLANNED,
        col(Meeting.starts_at) > bindparam("now"),
    )
    if channel_only:
        statement = statement.where(Meeting.channel == bindparam("channel"))
    order = statement.order_by(col(Meeting.starts_at), col(Meeting.id))
    return order.limit(bindparam("limit"))


async def next_meeting(ctx: Ctx) -> Meeting:
    """The channel's next meeting; a helpful error when there is none."""
    meetings = await upcoming(ctx, limit=1)
    if not meetings:
        raise UserError("meetings.no_upcoming")
    return meetings[0]


async def pick_meeting(ctx: Ctx, words: list[str], *, bare: bool = True) -> Meeting:
    """The channel's meeting named by a leading ``#ID`` (or ``ID`` when ``bare``) in
    ``words`` (removed), else the channel's next one."""
    if words:
        meeting_id = meeting_ref(words[0], bare=bare)
        if meeting_id is not None:
            words.pop(0)
            return await channel_meeting(ctx, meeting_id)
    return await next_meeting(ctx)


def require_open(ctx: Ctx, meeting: Meeting) -> None:
    """Refuse changes to a cancelled meeting or one that already began."""
    if meeting.status == CANCELLED:
        raise UserError("meetings.is_cancelled", id=meeting.id)
    if meeting.starts_at <= ctx.now:
        raise UserError("meetings.is_past", id=meeting.id)


async def my_answer(ctx: Ctx, meeting: Meeting) -> str | None:
    """The person's RSVP answer to the meeting (present, absent, delegated), if any."""
    statement = select(Rsvp.answer).where(
        Rsvp.workspace == ctx.workspace,
        Rsvp.meeting_id == meeting.id,
        Rsvp.user_id == ctx.user_id,
    )
    return (await ctx.session.exec(statement)).first()


async def save_answer(
    ctx: Ctx, meeting: Meeting, answer: str, delegate: str | None, user_id: str | None = None
) -> None:
    """Store the RSVP answer of the person acting (or ``user_id``): one per person and
    meeting, a new one replaces it."""
    await upsert(
        ctx.session,
        Rsvp,
        {
            "workspace": ctx.workspace,
            "meeting_id": meeting.id,
            "user_id": user_id or ctx.user_id,
            "answer": answer,
            "delegate": delegate,
            "answered_at": ctx.now,
        },
        ["workspace", "meeting_id", "user_id"],
        ["answer", "delegate", "answered_at"],
    )
