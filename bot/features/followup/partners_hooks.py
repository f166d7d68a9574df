"""What the follow-up tells other features about organisations: their open actions (a
welcome), a handover's actions moving to the successor, the figures of a bilan."""

from __future__ import annotations

from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.features.followup import store_partners as store
from bot.features.followup.commands import feature
from bot.features.followup.rules import ACTION, DECISION, DONE, OPEN
from bot.text import fold, truncate

OPEN_ACTIONS_SHOWN = 5


@feature.hook(hooks.ORGANISATION_OPEN_ACTIONS)
async def organisation_open_actions(ctx: Ctx, organisation: str) -> list[str] | None:
    """« • Déposer la demande (échéance : …) » for each open action of the organisation."""
    key = fold(organisation)
    people = await store.organisation_people(ctx, key)
    items = await store.open_actions_of(ctx, key, people, OPEN_ACTIONS_SHOWN)
    lines = []
    for item in items:
        line = f"• {truncate(' '.join(item.text.split()), 140)}"
        if item.due_at is not None:
            line += " " + ctx.t("followup_partners.due", date=ctx.when(item.due_at))
        lines.append(line)
    return lines or None


@feature.hook(hooks.PERSON_HANDED_OVER)
async def hand_over_actions(ctx: Ctx, old: str, new: str) -> str | None:
    moved = await store.move_open_actions(ctx, old, new)
    return ctx.tn("followup_partners.handed_over", moved) if moved else None


@feature.hook(hooks.FOLLOWUP_FIGURES)
async def figures(
    ctx: Ctx, start: datetime, end: datetime, organisation: str | None
) -> hooks.FollowupFigures:
    key = fold(organisation) if organisation is not None else None
    people = await store.organisation_people(ctx, key) if key is not None else []
    items = await store.items_between(ctx, start, end, key, people)
    actions = [i for i in items if i.kind == ACTION]
    late = [
        i
        for i in actions
        if i.due_at is not None
        and (
            (i.status == OPEN and i.due_at < min(end, ctx.now))
            or (i.status == DONE and i.done_at is not None and i.done_at > i.due_at)
        )
    ]
    return hooks.FollowupFigures(
        decisions=sum(1 for i in items if i.kind == DECISION),
        actions=len(actions),
        done=sum(1 for i in actions if i.status == DONE),
        late=len(late),
        open=sum(1 for i in actions if i.status == OPEN),
    )
