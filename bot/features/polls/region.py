"""What /sondage shares with the table's region: its evaluation trends, only over the
evaluations answered by at least the table's anonymity threshold (as /sondage tendances)."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.features.polls import store_evaluation
from bot.features.polls.commands import feature, recent_trends
from bot.features.polls.evaluation import Trends
from bot.hooks import SharedTrend


@feature.hook(hooks.REGION_TRENDS)
async def shared_trends(ctx: Ctx) -> list[SharedTrend]:
    rows = await recent_trends(ctx)
    if not rows:
        return []
    scores = [await store_evaluation.scores_of(ctx, poll) for poll, _ in rows]
    found = Trends.of(ctx, rows, scores)
    shared = []
    for name, values in found.series.items():
        known = [v for v in values if v is not None]
        if known:
            shared.append(SharedTrend(name, round(sum(known) / len(known), 1), len(known)))
    return shared
