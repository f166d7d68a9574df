"""What /faitsaillant shares with the table's region: its highlights of the chosen theme."""

from __future__ import annotations

from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.features.highlights.commands import feature
from bot.features.highlights.store import find_highlights
from bot.hooks import SharedHighlight


@feature.hook(hooks.REGION_HIGHLIGHTS)
async def shared_highlights(ctx: Ctx, tag: str, since: datetime) -> list[SharedHighlight]:
    found = await find_highlights(ctx, since=since, tag=tag)
    return [
        SharedHighlight(
            s.highlight.text,
            s.highlight.organisation or s.highlight.author_name,
            s.highlight.created_at,
        )
        for s in found
    ]
