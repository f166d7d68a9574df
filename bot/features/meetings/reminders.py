"""When a meeting's reminders and end are due, and what their jobs carry.

Each reminder is a Job row (kind ``meetings.reminder``, key ``<meeting id>:<offset>``);
rescheduling a meeting moves the same keys, cancelling it cancels them. A reminder found
overdue (the bot was down) is sent once, marked late, if the meeting has not begun.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.ctx import Ctx
from bot.features.meetings.common import ends_of
from bot.features.meetings.settings import offset_of, offsets
from storage.models import Job
from storage.models.meetings import Meeting

LATE_AFTER = timedelta(minutes=10)  # a reminder later than this says it is late
WALL_CLOCK_UNITS = ("j", "sem")  # offsets counted in calendar days, not elapsed hours
MAX_REPLANNED = 1000  # meetings planned ahead in one workspace (a table meets 4 or 5 times a year)
LAST_DAY = timedelta(days=1)  # reminders this close to the meeting warn the coordination


def job_prefix(meeting: Meeting) -> str:
    """The start of the keys of every job of the meeting."""
    return f"{meeting.id}:"


def reminder_due(ctx: Ctx, start: datetime, label: str) -> datetime:
    """When the ``label`` reminder is due: days and weeks before, at the same hour on the
    workspace's clock (across a time change); hours and minutes before, in elapsed time."""
    span = offset_of(label)
    if label.endswith(WALL_CLOCK_UNITS):
        return (ctx.local(start) - span).astimezone(UTC)  # aware arithmetic: wall-clock time
    return start - span


def reminder_plan(ctx: Ctx, meeting: Meeting) -> list[tuple[str, datetime, dict[str, Any]]]:
    """The meeting's reminders still to come: (key, due, payload); the first is the digest."""
    start = meeting.starts_at.astimezone(UTC)
    due = [(label, reminder_due(ctx, start, label)) for label, _ in offsets(ctx.setting("rappels"))]
    future = [(label, at) for label, at in due if at > ctx.now]
    return [
        (
            job_prefix(meeting) + label,
            at,
            {
                "meeting": meeting.id,
                "offset": label,
                "digest": index == 0,
                "start": start.isoformat(),
            },
        )
        for index, (label, at) in enumerate(future)
    ]


def end_plan(ctx: Ctx, meeting: Meeting) -> tuple[str, datetime, dict[str, Any]]:
    """The meeting's end job, at its own end or ``duree_rencontre`` after it starts: (key,
    due, payload)."""
    start = meeting.starts_at.astimezone(UTC)
    payload = {"meeting": meeting.id, "start": start.isoformat()}
    return job_prefix(meeting) + "fin", ends_of(ctx, meeting).astimezone(UTC), payload


def job_target(job: Job) -> tuple[int, datetime, dict[str, Any]] | None:
    """The meeting id and the start a job was scheduled for, with its payload; None when
    the payload is malformed."""
    try:
        payload = json.loads(job.payload)
        return int(payload["meeting"]), datetime.fromisoformat(str(payload["start"])), payload
    except (ValueError, KeyError, TypeError):
        return None


def payload_meeting(job: Job) -> int:
    """The meeting a job is about, as its payload names it (0 when it names none)."""
    return int(json.loads(job.payload).get("meeting", 0))


def with_digest(job: Job) -> str:
    """The job's payload, now carrying the digest (the récolte since the previous meeting)."""
    return json.dumps({**json.loads(job.payload), "digest": True})


def is_late(ctx: Ctx, job: Job) -> bool:
    return ctx.now - job.due_at > LATE_AFTER


def within_last_day(label: str) -> bool:
    """« 1j », « 2h », « 30min »: a reminder a day or less before the meeting."""
    try:
        return offset_of(label) <= LAST_DAY
    except ValueError:
        return False
