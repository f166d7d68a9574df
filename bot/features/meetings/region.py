"""What /rencontre shares with the table's region: its planned meetings to come."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.features.meetings.commands import feature
from bot.features.meetings.store import upcoming
from bot.hooks import SharedMeeting


@feature.hook(hooks.REGION_MEETINGS)
async def shared_meetings(ctx: Ctx) -> list[SharedMeeting]:
    meetings = await upcoming(ctx, channel_only=False, limit=20)
    return [SharedMeeting(m.title or "", m.starts_at, m.location or "") for m in meetings]
