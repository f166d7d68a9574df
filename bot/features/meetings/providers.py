"""What /rencontre tells other features about one meeting: its title, who held a trio role."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.features.meetings import render, store, store_trio
from bot.features.meetings.commands import feature
from bot.features.meetings.trio import SERVING


@feature.hook(hooks.MEETING_TITLE)
async def meeting_title(ctx: Ctx, meeting_id: int) -> str | None:
    """The title of meeting ``meeting_id`` of this workspace and channel; None elsewhere."""
    meeting = await store.find_meeting(ctx, meeting_id)
    if meeting is None or meeting.id is None or meeting.id <= 0:
        return None  # unknown here, or a draft (drafts use up no meeting number)
    if meeting.channel != ctx.place.channel:
        return None
    return render.title_of(ctx, meeting)


@feature.hook(hooks.MEETING_ROLE_HOLDER)
async def role_holder(ctx: Ctx, meeting_id: int, role: str) -> str | None:
    """Who held ``role`` (« animation », « synthese », « observation ») in the trio of the
    meeting: the person who accepted it, or to whom it was proposed and who did not decline."""
    seat = (await store_trio.trio_seats(ctx, meeting_id)).get(role)
    if seat is None or not seat.user_id or seat.status not in SERVING:
        return None
    return seat.user_id
