"""What /rencontre offers the partners outside the chat, through hooks: a meeting as an
iCalendar event (for invitations by mail), an answer recorded as the buttons record it, the
next meeting's agenda for the e-mail digest."""

from __future__ import annotations

from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.features.meetings import store
from bot.features.meetings.calendar import meeting_event
from bot.features.meetings.commands import REFRESH, agenda_view, feature
from bot.features.meetings.common import PLANNED
from bot.features.meetings.render import agenda_lines, title_of, where_text
from bot.pages import PageSection

ANSWERS = ("present", "absent", "delegated")


@feature.hook(hooks.MEETING_EVENT)
async def event_of(ctx: Ctx, meeting_id: int) -> bytes | None:
    """The meeting (planned or cancelled) as the VEVENT of the channel's feed, with its agenda."""
    meeting = await store.find_meeting(ctx, meeting_id)
    if meeting is None or meeting.id is None or meeting.id <= 0:
        return None
    points = agenda_lines(await store.agenda_items(ctx, meeting.id))
    return meeting_event(ctx, meeting, points).to_ical()


@feature.hook(hooks.MEETING_RSVP)
async def answer_for(ctx: Ctx, meeting_id: int, user_id: str, answer: str) -> str | None:
    """Record ``user_id``'s answer while the meeting takes answers; its card is refreshed."""
    meeting = await store.find_meeting(ctx, meeting_id)
    if answer not in ANSWERS or meeting is None or meeting.status != PLANNED:
        return None
    if meeting.starts_at <= ctx.now:
        return None
    await store.save_answer(ctx, meeting, answer, None, user_id=user_id)
    await ctx.schedule(
        REFRESH, f"{meeting.id}:rsvp", ctx.now, {"meeting": meeting.id}, meeting.channel
    )
    return answer


@feature.hook(hooks.MAIL_DIGEST_SECTIONS)
async def next_agenda(ctx: Ctx, since: datetime | None) -> PageSection | None:
    """The next meeting (when, where) and its agenda, for the e-mail digest."""
    meetings = await store.upcoming(ctx, channel_only=False, limit=1)
    if not meetings:
        return None
    meeting = meetings[0]
    points = await agenda_view(ctx, meeting)
    heading = ctx.t(
        "meetings.digest_next", title=title_of(ctx, meeting), when=ctx.when(meeting.starts_at)
    )
    rows = [[where_text(ctx, meeting)], *([p] for p in points)]
    return PageSection(5, heading, [""], rows, "", key="odj")
