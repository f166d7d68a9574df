"""Reminders before each meeting and the « meeting ended » job; hooks for other features.

Each reminder is a Job row (kind ``meetings.reminder``, key ``<meeting id>:<offset>``);
rescheduling a meeting moves the same keys, cancelling it cancels them. A reminder found
overdue (the bot was down) is sent once, marked late, if the meeting has not begun.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlmodel import col, func, select

from bot import hooks
from bot.ctx import Ctx
from bot.features.meetings.common import (
    ENDED,
    PLANNED,
    REMINDER,
    find_meeting,
    length,
    log,
    upcoming,
)
from bot.features.meetings.feature import feature
from bot.features.meetings.settings import offset_of, offsets
from bot.features.meetings.view import (
    ROLES,
    card_key,
    details,
    meeting_card,
    rsvp_buttons,
    rsvp_counts,
    title_of,
    trio_seats,
)
from bot.i18n import t
from bot.messages import Block, Context, Header, Message, Output, Reply, Section, Update
from bot.text import fold
from storage.models import Job
from storage.models.meetings import Meeting

LATE_AFTER = timedelta(minutes=10)  # a reminder later than this says it is late
WALL_CLOCK_UNITS = ("j", "sem")  # offsets counted in calendar days, not elapsed hours
REFRESH = hooks.MEETING_REFRESH_CARD
MAX_REPLANNED = 1000  # meetings planned ahead in one workspace (a table meets 4 or 5 times a year)
LAST_DAY = timedelta(days=1)  # reminders this close to the meeting warn the coordination


async def schedule_jobs(ctx: Ctx, meeting: Meeting) -> None:
    """(Re)schedule the meeting's reminders and end job; offsets already past are skipped."""
    prefix = f"{meeting.id}:"
    await ctx.cancel_jobs(REMINDER, prefix)
    await ctx.cancel_jobs(ENDED, prefix)
    start = meeting.starts_at.astimezone(UTC)
    due = [(label, reminder_due(ctx, start, label)) for label, _ in offsets(ctx.setting("rappels"))]
    future = [(label, at) for label, at in due if at > ctx.now]
    for index, (label, at) in enumerate(future):
        payload = {
            "meeting": meeting.id,
            "offset": label,
            "digest": index == 0,
            "start": start.isoformat(),
        }
        await ctx.schedule(REMINDER, prefix + label, at, payload, meeting.channel)
    await ctx.schedule(
        ENDED,
        prefix + "fin",
        start + length(ctx),
        {"meeting": meeting.id, "start": start.isoformat()},
        meeting.channel,
    )


def reminder_due(ctx: Ctx, start: datetime, label: str) -> datetime:
    """When the ``label`` reminder is due: days and weeks before, at the same hour on the
    workspace's clock (across a time change); hours and minutes before, in elapsed time."""
    span = offset_of(label)
    if label.endswith(WALL_CLOCK_UNITS):
        return (ctx.local(start) - span).astimezone(UTC)  # aware arithmetic: wall-clock time
    return start - span


@feature.hook(hooks.setting_changed("rappels"))
async def follow_new_offsets(ctx: Ctx) -> str | None:
    """New reminder offsets apply to every meeting not yet begun, not only to new ones."""
    count = await _replan_upcoming(ctx)
    return ctx.t("meetings.setting_followed_rappels", count=count) if count else None


@feature.hook(hooks.setting_changed("duree_rencontre"))
async def follow_new_length(ctx: Ctx) -> str | None:
    """A new meeting length moves the end (and its evaluation) of meetings not yet begun."""
    count = await _replan_upcoming(ctx)
    return ctx.t("meetings.setting_followed_duree", count=count) if count else None


@feature.hook(hooks.setting_changed("quorum"))
async def show_new_quorum(ctx: Ctx) -> str | None:
    """The messages of meetings not yet begun are brought up to date with the new quorum."""
    meetings = await upcoming(ctx, channel_only=False, limit=MAX_REPLANNED)
    for meeting in meetings:
        payload = {"meeting": meeting.id}
        await ctx.schedule(REFRESH, str(meeting.id), ctx.now, payload, meeting.channel)
    return ctx.tn("meetings.setting_followed_quorum", len(meetings)) if meetings else None


@feature.job(REFRESH)
async def refresh_card(ctx: Ctx, job: Job) -> Reply:
    """Update a planned meeting's message in place (after a setting it shows changed)."""
    meeting = await find_meeting(ctx, int(json.loads(job.payload).get("meeting", 0)))
    if meeting is None or meeting.status != PLANNED:
        return None
    return Update(card_key(meeting.id), await meeting_card(ctx, meeting))


async def _replan_upcoming(ctx: Ctx) -> int:
    """Schedule again the jobs of every planned meeting of the workspace not yet begun."""
    meetings = await upcoming(ctx, channel_only=False, limit=MAX_REPLANNED)
    for meeting in meetings:
        await schedule_jobs(ctx, meeting)
    return len(meetings)


async def cancel_jobs(ctx: Ctx, meeting: Meeting) -> None:
    await ctx.cancel_jobs(REMINDER, f"{meeting.id}:")
    await ctx.cancel_jobs(ENDED, f"{meeting.id}:")


async def scheduled_meeting(ctx: Ctx, job: Job) -> tuple[Meeting, dict] | None:
    """The job's meeting if it is still planned at the date the job was scheduled for."""
    try:
        fresh = await ctx.session.get(Job, job.id)  # an earlier reminder may have edited it
        payload = json.loads((fresh or job).payload)
        meeting = await find_meeting(ctx, int(payload["meeting"]))
        planned_start = datetime.fromisoformat(str(payload["start"]))
    except (ValueError, KeyError, TypeError):
        return None
    if meeting is None or meeting.status != PLANNED:
        return None
    if planned_start != meeting.starts_at:
        return None  # moved since: the rescheduled job carries the new date
    return meeting, payload


async def later_due_reminder(ctx: Ctx, job: Job) -> Job | None:
    """Another overdue reminder of the same meeting, due after this one (it supersedes it)."""
    meeting_id = job.key.split(":", 1)[0]
    statement = select(Job).where(
        Job.workspace == ctx.workspace,
        Job.kind == REMINDER,
        col(Job.key).startswith(f"{meeting_id}:", autoescape=True),
        col(Job.status).in_(("pending", "running")),  # claimed in the same batch: running
        col(Job.due_at) > job.due_at,
        col(Job.due_at) <= ctx.now,
    )
    return (await ctx.session.exec(statement.order_by(col(Job.due_at)))).first()


async def is_last_reminder(ctx: Ctx, job: Job) -> bool:
    """No other reminder of the same meeting is still to come after this one."""
    meeting_id = job.key.split(":", 1)[0]
    statement = select(Job.id).where(
        Job.workspace == ctx.workspace,
        Job.kind == REMINDER,
        col(Job.key).startswith(f"{meeting_id}:", autoescape=True),
        col(Job.status).in_(("pending", "running")),
        col(Job.due_at) > job.due_at,
    )
    return (await ctx.session.exec(statement)).first() is None


def within_last_day(label: str) -> bool:
    """« 1j », « 2h », « 30min »: a reminder a day or less before the meeting."""
    try:
        return offset_of(label) <= LAST_DAY
    except ValueError:
        return False


async def warns_coordination(ctx: Ctx, job: Job, label: str) -> bool:
    """The last reminder, and those a day or less before the meeting, warn the coordination."""
    return within_last_day(label) or await is_last_reminder(ctx, job)


async def coordination_notes(ctx: Ctx, meeting: Meeting) -> list[str]:
    """What the coordination should know before the meeting: nobody confirmed their
    presence, or trio roles without an answer (proposed and not accepted, or to be filled)."""
    notes = []
    counts = await rsvp_counts(ctx, meeting.id or 0)
    if not counts["present"] + counts["delegated"]:
        notes.append(ctx.t("meetings.warn_nobody_confirmed"))
    seats = await trio_seats(ctx, meeting.id or 0)
    pending = []
    for role in ROLES:
        seat = seats.get(role)
        if seat is None or seat.status not in ("proposed", "open"):
            continue
        who = await ctx.display_name(seat.user_id) if seat.user_id else None
        status = ctx.t("meetings.trio_status." + seat.status)
        pending.append(
            ctx.t(
                "meetings.warn_trio_role",
                role=ctx.t("meetings.role." + role),
                who=f"{who}, {status}" if who else status,
            )
        )
    if pending:
        notes.append(ctx.t("meetings.warn_trio", roles=", ".join(pending), id=meeting.id))
    return notes


async def previous_start(ctx: Ctx, meeting: Meeting) -> datetime | None:
    """Start of the workspace's previous planned meeting, for the récolte since then."""
    statement = select(func.max(Meeting.starts_at)).where(
        Meeting.workspace == ctx.workspace,
        Meeting.status == PLANNED,
        col(Meeting.starts_at) < meeting.starts_at,
    )
    return (await ctx.session.exec(statement)).first()


@feature.job(REMINDER)
async def send_reminder(ctx: Ctx, job: Job) -> Reply:
    """Post the reminder: date, place, agenda, RSVP counts, trio (+ récolte on the first)."""
    found = await scheduled_meeting(ctx, job)
    if found is None:
        return None
    meeting, payload = found
    if meeting.starts_at <= ctx.now:
        log.info("reminder skipped: the meeting began", extra={"meeting": meeting.id})
        return None
    later = await later_due_reminder(ctx, job)
    if later is not None:  # the bot was down: send only the most recent overdue reminder
        if payload.get("digest"):
            later_payload = json.loads(later.payload)
            later.payload = json.dumps({**later_payload, "digest": True})
            ctx.session.add(later)
        return None
    title = title_of(ctx, meeting)
    delay = show_span_label(str(payload.get("offset", "")), ctx.language)
    header = ctx.t("meetings.reminder_title", title=title, delay=delay)
    blocks: list[Block] = [Header(header)]
    if ctx.now - job.due_at > LATE_AFTER:
        blocks.append(Context((ctx.t("meetings.reminder_late", due=ctx.when(job.due_at)),)))
    blocks.extend(await details(ctx, meeting, agenda=True))
    if payload.get("digest"):
        since = await previous_start(ctx, meeting)
        for sections in await ctx.hook_safely(
            hooks.MEETING_REMINDER_SECTIONS, since, meeting.starts_at
        ):
            blocks.extend(sections)
    if await warns_coordination(ctx, job, str(payload.get("offset", ""))):
        notes = await coordination_notes(ctx, meeting)
        if notes:
            blocks.append(Section("\n".join(notes)))
    blocks.append(rsvp_buttons(ctx, meeting.id))
    return Message(blocks=blocks, text=header, channel=meeting.channel)


def show_span_label(label: str, language: str) -> str:
    """« 7j » → « 7 jours » (in the unit the workspace chose), « 1h » → « 1 heure »."""
    try:
        offset_of(label)
    except ValueError:
        return label
    number = int("".join(ch for ch in label if ch.isdigit()))
    unit = {"sem": "week", "j": "day", "h": "hour", "min": "minute"}[label.lstrip("0123456789")]
    return t(language, f"meetings.unit.{unit}_{'one' if number == 1 else 'many'}", n=number)


@feature.job(ENDED)
async def meeting_ended(ctx: Ctx, job: Job) -> Reply:
    """After the meeting: whatever other features offer (polls: the evaluation)."""
    found = await scheduled_meeting(ctx, job)
    if found is None:
        return None
    meeting, _ = found
    outputs: list[Output] = []
    for answer in await ctx.hook_safely(hooks.MEETING_ENDED, meeting.id, title_of(ctx, meeting)):
        outputs.extend(answer if isinstance(answer, list) else [answer])
    return outputs or None


@feature.hook(hooks.LAST_MEETING_START)
async def last_meeting_start(ctx: Ctx) -> datetime | None:
    """Start of the latest meeting of this workspace that already began."""
    statement = select(func.max(Meeting.starts_at)).where(
        Meeting.workspace == ctx.workspace,
        Meeting.status == PLANNED,
        col(Meeting.starts_at) <= ctx.now,
    )
    return (await ctx.session.exec(statement)).first()


@feature.hook(hooks.suggest("rencontre"))
async def suggest_meetings(ctx: Ctx, prefix: str) -> list[tuple[str, str]]:
    """The channel's upcoming meetings for autocomplete: (« #12 Titre — date », « 12 »)."""
    wanted = fold(prefix.lstrip("#"))
    suggestions = []
    for meeting in await upcoming(ctx, limit=25):
        label = f"#{meeting.id} {title_of(ctx, meeting)} — {ctx.when(meeting.starts_at)}"
        if not wanted or wanted in fold(label):
            suggestions.append((label[:100], str(meeting.id)))
    return suggestions
