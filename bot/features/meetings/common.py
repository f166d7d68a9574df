"""Shared pieces of /rencontre: statuses, limits, meeting ids, checked dates, channel links."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot import refs
from bot.ctx import Ctx
from bot.errors import NotFound, UserError
from bot.when import format_day, format_time
from storage.models.meetings import Meeting

PLANNED, DRAFT, CANCELLED = "planned", "draft", "cancelled"
CONFIRMED_DRAFT, DISCARDED_DRAFT = "confirmed", "discarded"  # a draft once decided
_DRAFT_VALUE = re.compile(r"^d(\d{1,10})$")
ANSWERS = ("present", "absent", "delegated")
ANSWER_CODES = {"p": "present", "a": "absent", "d": "delegated"}
MAX_AHEAD_DAYS = 731  # « more than two years ahead » is refused
MAX_TITLE, MAX_LOCATION, MAX_POINT, MAX_DELEGATE = 120, 300, 300, 200
_ID = re.compile(r"^#(\d{1,9})$")
_BARE_ID = re.compile(r"^#?(\d{1,9})$")
_AT_NINE = {"fr": "à 9 h", "en": "at 9am"}


def meeting_ref(token: str, *, bare: bool = True) -> int | None:
    """``#12`` or ``12`` → 12 (only ``#12`` when not ``bare``); None for anything else."""
    match = (_BARE_ID if bare else _ID).match(token.strip())
    return int(match.group(1)) if match else None


def channel_ref(ctx: Ctx, channel: str) -> str:
    """A channel as people see it: a neutral reference each adapter renders (a link on Slack
    and Discord, ``#name`` in the console)."""
    try:
        return refs.channel(channel)
    except ValueError:  # not a platform id: its name as text
        return f"#{channel}"


def value_id(value: str) -> int:
    """The meeting id at the start of an (untrusted) action value; NotFound when malformed."""
    head = value.split(":", 1)[0]
    if not head.isdecimal() or len(head) > 9:
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    return int(head)


def length(ctx: Ctx) -> timedelta:
    """How long a meeting lasts (the ``duree_rencontre`` setting)."""
    return timedelta(minutes=int(ctx.setting("duree_rencontre")))


def ends_of(ctx: Ctx, meeting: Meeting) -> datetime:
    """When the meeting ends: its own end (« de 13 h 30 à 16 h »), else ``duree_rencontre``
    after its start."""
    return meeting.ends_at or meeting.starts_at + length(ctx)


def checked_start(ctx: Ctx, text: str) -> datetime:
    """The meeting's start typed by the person: future, at most two years ahead."""
    return checked_span(ctx, text)[0]


def checked_span(ctx: Ctx, text: str) -> tuple[datetime, datetime | None]:
    """The meeting's start typed by the person, and its end when one is given
    (« jeudi 13 h 30 à 16 h »): future, at most two years ahead."""
    if not text.strip():
        raise UserError("meetings.missing_when")
    start, end = ctx.parse_span(text)
    starts = round_start(ctx, text, start) if end is None else start
    check_ahead(ctx, starts)
    return starts, end


def check_ahead(ctx: Ctx, starts: datetime) -> None:
    """Refuse a start more than two years ahead."""
    if starts > ctx.now + timedelta(days=MAX_AHEAD_DAYS):
        raise UserError("meetings.too_far", when=ctx.when(starts))


def when_text(ctx: Ctx, meeting: Meeting) -> str:
    """The meeting's date in full, with its end when it has one of its own: « mardi
    20 octobre 2026 de 13 h 30 à 16 h »."""
    if meeting.ends_at is None:
        return ctx.when(meeting.starts_at)
    start, end = ctx.local(meeting.starts_at), ctx.local(meeting.ends_at)
    return ctx.t(
        "meetings.when_span",
        day=format_day(start, ctx.language),
        start=format_time(start, ctx.language),
        end=format_time(end, ctx.language),
    )


def draft_value(meeting: Meeting) -> str:
    """A draft's button value: « d » and its number (drafts have negative ids, so that they
    use up no meeting number)."""
    return f"d{-(meeting.id or 0)}"


def draft_id(value: str) -> int:
    """The draft's id in an (untrusted) button value; NotFound when malformed."""
    match = _DRAFT_VALUE.match(value)
    if match is None:
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    return -int(match.group(1))


def minute_of(ctx: Ctx, instant: datetime) -> tuple[int, int]:
    """The hour and minute of ``instant`` on the workspace's clock."""
    local = ctx.local(instant)
    return local.hour, local.minute


def round_start(ctx: Ctx, text: str, starts: datetime) -> datetime:
    """A start counted from now (« dans 3 semaines ») is at a round time: 9 h when only a
    day is given, as elsewhere in the date reader, else to the minute (never seconds)."""
    if minute_of(ctx, starts) == minute_of(ctx, ctx.now):  # now's time: none was given
        try:
            at_nine = ctx.parse_when(f"{text} {_AT_NINE.get(ctx.language, _AT_NINE['fr'])}")
        except UserError:
            at_nine = None  # « dans 2 heures », « jeudi 13 h 30 »: a time of its own
        if at_nine is not None and ctx.local(at_nine).date() == ctx.local(starts).date():
            return at_nine
    rounded = starts.replace(second=0, microsecond=0)
    return rounded + timedelta(minutes=1) if rounded < starts else rounded


def confirmed(meeting: Meeting | None, shown_id: object) -> Meeting:
    """The meeting if it is confirmed (planned or cancelled); NotFound naming ``shown_id``."""
    if meeting is None or meeting.status not in (PLANNED, CANCELLED):
        raise NotFound("meetings.unknown_meeting", id=shown_id)
    return meeting


def own_draft(ctx: Ctx, meeting: Meeting | None, value: str) -> Meeting:
    """The draft named by a button value (``value``), if this person may decide on it."""
    if meeting is None or meeting.created_by != ctx.user_id:
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    if meeting.status == DISCARDED_DRAFT:
        raise UserError("meetings.draft_was_discarded")
    return meeting


def in_channel(ctx: Ctx, meeting: Meeting) -> Meeting:
    """The meeting if it belongs to this channel: one planned elsewhere is named, never shown."""
    if meeting.channel != ctx.place.channel:
        raise UserError(
            "meetings.other_channel", id=meeting.id, channel=channel_ref(ctx, meeting.channel)
        )
    return meeting


def require_open(ctx: Ctx, meeting: Meeting) -> None:
    """Refuse changes to a cancelled meeting or one that already began."""
    if meeting.status == CANCELLED:
        raise UserError("meetings.is_cancelled", id=meeting.id)
    if meeting.starts_at <= ctx.now:
        raise UserError("meetings.is_past", id=meeting.id)
