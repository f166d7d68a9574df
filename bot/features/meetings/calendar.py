"""Meetings as iCalendar files (.ics) in the workspace's time zone."""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import TYPE_CHECKING

from bot.ctx import Ctx
from bot.features.meetings.common import CANCELLED, ends_of
from bot.features.meetings.render import title_of
from bot.messages import Attachment
from storage.models.meetings import Meeting

if TYPE_CHECKING:
    from icalendar import Event

MIME = "text/calendar"


def event_uid(workspace: str, meeting_id: int | None) -> str:
    """Stable per meeting: calendars replace the event on reschedule or cancellation."""
    digest = hashlib.sha256(workspace.encode()).hexdigest()[:12]
    return f"rencontre-{meeting_id}-{digest}@outarde"


def meeting_event(ctx: Ctx, meeting: Meeting, points: list[str]) -> Event:
    """The meeting as a calendar event; ``points``, its agenda lines, as its description."""
    from icalendar import Event  # loaded with the first calendar

    start = meeting.starts_at.astimezone(ctx.tz)
    event = Event()
    event.add("uid", event_uid(ctx.workspace, meeting.id))
    event.add("dtstamp", ctx.now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", ends_of(ctx, meeting).astimezone(ctx.tz))
    event.add("summary", title_of(ctx, meeting))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.status == CANCELLED else "CONFIRMED")
    if meeting.location:
        event.add("location", meeting.location)
    if points:
        event.add("description", ctx.t("meetings.agenda_heading") + "\n" + "\n".join(points))
    return event


def ics_file(ctx: Ctx, meetings: list[tuple[Meeting, list[str]]], name: str) -> Attachment:
    """One .ics holding ``meetings`` (each with its agenda lines), with the VTIMEZONE of the
    workspace's zone."""
    from icalendar import Calendar  # loaded with the first calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Outarde//Rencontres//FR")
    calendar.add("version", "2.0")
    cancelled_only = bool(meetings) and all(m.status == CANCELLED for m, _ in meetings)
    calendar.add("method", "CANCEL" if cancelled_only else "PUBLISH")
    for meeting, points in meetings:
        calendar.add_component(meeting_event(ctx, meeting, points))
    calendar.add_missing_timezones()
    return Attachment(name, calendar.to_ical(), MIME)
