"""Meetings as iCalendar files (.ics) in the workspace's time zone; /rencontre ics."""

from __future__ import annotations

import hashlib
from datetime import UTC

from icalendar import Calendar, Event

from bot.ctx import Ctx
from bot.features.meetings.common import (
    CANCELLED,
    channel_meeting,
    length,
    meeting_ref,
    next_meeting,
    upcoming,
)
from bot.features.meetings.feature import feature
from bot.features.meetings.view import agenda_lines, title_of, where_text
from bot.messages import Attachment, Message, Section
from storage.models.meetings import Meeting

MIME = "text/calendar"


def event_uid(workspace: str, meeting_id: int | None) -> str:
    """Stable per meeting: calendars replace the event on reschedule or cancellation."""
    digest = hashlib.sha256(workspace.encode()).hexdigest()[:12]
    return f"rencontre-{meeting_id}-{digest}@outarde"


async def meeting_event(ctx: Ctx, meeting: Meeting) -> Event:
    start = meeting.starts_at.astimezone(ctx.tz)
    event = Event()
    event.add("uid", event_uid(ctx.workspace, meeting.id))
    event.add("dtstamp", ctx.now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + length(ctx))
    event.add("summary", title_of(ctx, meeting))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.status == CANCELLED else "CONFIRMED")
    if meeting.location:
        event.add("location", meeting.location)
    points = await agenda_lines(ctx, meeting.id or 0)
    if points:
        event.add("description", ctx.t("meetings.agenda_heading") + "\n" + "\n".join(points))
    return event


async def ics_file(ctx: Ctx, meetings: list[Meeting], name: str) -> Attachment:
    """One .ics holding ``meetings``, with the VTIMEZONE of the workspace's zone."""
    calendar = Calendar()
    calendar.add("prodid", "-//Outarde//Rencontres//FR")
    calendar.add("version", "2.0")
    cancelled_only = bool(meetings) and all(m.status == CANCELLED for m in meetings)
    calendar.add("method", "CANCEL" if cancelled_only else "PUBLISH")
    for meeting in meetings:
        calendar.add_component(await meeting_event(ctx, meeting))
    calendar.add_missing_timezones()
    return Attachment(name, calendar.to_ical(), MIME)


async def meeting_ics(ctx: Ctx, meeting: Meeting) -> Attachment:
    return await ics_file(ctx, [meeting], ctx.t("meetings.file_ics", id=meeting.id))


@feature.command("rencontre", "ics", aliases=("calendrier", "calendar"), help="meetings.help.ics")
async def export_ics(ctx: Ctx, text: str) -> Message:
    """``/rencontre ics`` all upcoming meetings of the channel; ``/rencontre ics 12`` one."""
    words = text.split()  # not split_args: its shlex drops « #12 » as a comment
    meeting_id = meeting_ref(words[0]) if len(words) == 1 else None
    if words and meeting_id is None:
        raise ctx.usage_error()
    if meeting_id is not None:
        meetings = [await channel_meeting(ctx, meeting_id)]
        name = ctx.t("meetings.file_ics", id=meetings[0].id)
    else:
        meetings = await upcoming(ctx)
        if not meetings:
            await next_meeting(ctx)  # raises the helpful « no upcoming meeting »
        name = ctx.t("meetings.file_ics_all")
    lines = [
        f"• {ctx.t('core.number', id=m.id)} {title_of(ctx, m)} — {ctx.when(m.starts_at)}"
        f" — {where_text(ctx, m)}"
        for m in meetings
    ]
    ready = ctx.tn("meetings.ics_ready", len(meetings))
    return Message(
        blocks=[Section(ready + "\n" + "\n".join(lines))],
        text=ready,
        ephemeral=True,
        files=[await ics_file(ctx, meetings, name)],
    )
