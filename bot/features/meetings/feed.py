"""A channel's subscribed calendar (``/cal/<token>.ics``) and the reply giving its link.

Pure: meetings, their agenda lines and RSVP counts in, iCalendar bytes out. Each event keeps
the UID of ``/rencontre ics`` and its SEQUENCE, so calendars move or cancel it in place.
"""

from __future__ import annotations

from datetime import timedelta

from bot.ctx import Ctx
from bot.features.meetings.calendar import meeting_event
from bot.features.meetings.render import ephemeral, title_of, where_text
from bot.links import PageSection
from bot.messages import Message
from storage.models.meetings import Meeting

FeedRow = tuple[Meeting, list[str], dict[str, int]]  # meeting, agenda lines, RSVP counts
REFRESH = timedelta(hours=1)  # how often calendars are asked to read the feed again


def plain(text: str) -> str:
    """A chat line without its emphasis marks, for a calendar's description."""
    return text.replace("*", "").replace("_", " ").strip()


def feed_ics(ctx: Ctx, rows: list[FeedRow]) -> bytes:
    """The channel's meetings as one subscribed calendar, with the workspace's VTIMEZONE."""
    from icalendar import Calendar  # loaded with the first calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Outarde//Rencontres//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", ctx.t("meetings.calendar_name"))
    calendar.add("x-wr-timezone", ctx.timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for meeting, points, counts in rows:
        event = meeting_event(ctx, meeting, [])
        lines = [plain(ctx.t("meetings.rsvp_counts", **counts))]
        if points:
            lines += ["", plain(ctx.t("meetings.agenda_heading")), *points]
        event.add("description", "\n".join(lines))
        if meeting.location and meeting.location.startswith(("https://", "http://")):
            event.add("url", meeting.location)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def link_reply(ctx: Ctx, https: str, *, renewed: bool) -> Message:
    """The secret feed link, its webcal:// twin and how to subscribe in Outlook and Google."""
    webcal = "webcal://" + https.split("://", 1)[1]
    text = ctx.t("meetings.calendar_link", https=https, webcal=webcal)
    if renewed:
        text = ctx.t("meetings.calendar_renewed") + "\n" + text
    return ephemeral(text)


def page_section(ctx: Ctx, meetings: list[Meeting]) -> PageSection:
    """The next meetings for the table's public page: when, what, where (never a link)."""
    rows = [
        [
            ctx.when(m.starts_at),
            title_of(ctx, m),
            ctx.t("meetings.page_online")
            if (m.location or "").startswith(("https://", "http://"))
            else where_text(ctx, m),
        ]
        for m in meetings
    ]
    columns = [ctx.t(f"meetings.page_{name}") for name in ("when", "what", "where")]
    heading, empty = ctx.t("meetings.page_heading"), ctx.t("meetings.page_empty")
    return PageSection(10, heading, columns, rows, empty, key="rencontres")
