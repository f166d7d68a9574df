"""The compte rendu's rules: who writes it, and its decisions and actions kept as items."""

from __future__ import annotations

from bot import hooks
from bot.ctx import Ctx
from bot.errors import FormInvalid, NotAllowed, UserError
from bot.features.followup import store
from bot.features.followup.items import (
    action_from,
    plan_reminders,
    record_action,
    record_decision,
)
from bot.features.followup.parsing import (
    MAX_REPORT_FIELD,
    checked_item_text,
    form_lines,
    parse_action,
)
from bot.features.followup.rules import (
    ACTION,
    APPROVED,
    AWAITED,
    DECISION,
    DRAFT,
    DROPPED,
    OPEN,
    REMOVED,
    TAKEN,
)
from bot.features.followup.store_reports import add_report, report_for_meeting
from bot.validation import checked_form
from storage.models.followup import FollowupItem, FollowupReport

LIMITS = {"decisions": MAX_REPORT_FIELD, "actions": MAX_REPORT_FIELD, "prochaine": MAX_REPORT_FIELD}


async def synthesis_person(ctx: Ctx, meeting_id: int) -> str | None:
    """Who held the trio's synthèse role at the meeting (asked of the meetings feature)."""
    answers = await ctx.hook_safely(hooks.MEETING_ROLE_HOLDER, meeting_id, "synthese")
    return next((answer for answer in answers if isinstance(answer, str) and answer), None)


async def awaited_report(ctx: Ctx, meeting_id: int, title: str) -> FollowupReport | None:
    """The compte rendu a meeting that just ended waits for (None if it already has one)."""
    if await report_for_meeting(ctx, meeting_id) is not None:
        return None
    author = await synthesis_person(ctx, meeting_id)
    return await add_report(
        ctx,
        FollowupReport(
            workspace=ctx.workspace,
            channel=ctx.place.channel,
            meeting_id=meeting_id,
            title=title[:200],
            author_id=author or "",
            status=AWAITED,
            created_at=ctx.now,
            updated_at=ctx.now,
        ),
    )


def require_writer(ctx: Ctx, report: FollowupReport) -> None:
    """Its author (the synthèse person), or the coordination; nobody once it is approved."""
    if report.status == APPROVED:
        raise UserError("followup.report_already_approved", number=report.id)
    if not ctx.is_coordinator and (not report.author_id or report.author_id != ctx.user_id):
        raise NotAllowed("followup.report_not_allowed", number=report.id)


async def checked_report(ctx: Ctx, values: dict[str, str]) -> tuple[dict[str, str], list, list]:
    """The form's fields, its decisions (texts) and its actions (owner, text, due) checked."""
    cleaned = checked_form(values, LIMITS, set())
    decisions = []
    for number, line in enumerate(form_lines(cleaned["decisions"]), 1):
        try:
            decisions.append(checked_item_text(line, DECISION))
        except UserError as error:
            raise FormInvalid({"decisions": line_error(ctx, number, error)}) from None
    actions = []
    for number, line in enumerate(form_lines(cleaned["actions"]), 1):
        try:
            actions.append(await action_from(ctx, parse_action(line)))
        except UserError as error:
            raise FormInvalid({"actions": line_error(ctx, number, error)}) from None
    return cleaned, decisions, actions


def line_error(ctx: Ctx, number: int, error: UserError) -> tuple[str, dict[str, object]]:
    return "followup.report_bad_line", {"line": number, "error": ctx.t(error.key, **error.params)}


async def save_report(
    ctx: Ctx, report: FollowupReport, cleaned: dict[str, str], decisions: list, actions: list
) -> list[FollowupItem]:
    """Store the texts; keep the items already recorded, add new ones, drop removed ones.

    Returns the new actions (to post with their buttons)."""
    report.decisions, report.actions = cleaned["decisions"], cleaned["actions"]
    report.next_points, report.status, report.updated_at = cleaned["prochaine"], DRAFT, ctx.now
    if not report.author_id:
        report.author_id = ctx.user_id
    await store.save(ctx, report)
    existing = await store.report_items(ctx, report.id or 0)
    kept: set[int] = set()
    for text in decisions:
        same = next((i for i in existing if i.kind == DECISION and i.text == text), None)
        if same is not None and same.id not in kept:
            kept.add(same.id or 0)
        else:
            kept.add((await record_decision(ctx, text, report.meeting_id, report.id)).id or 0)
    new_actions = []
    for owner, text, due, channel in actions:
        same = next((i for i in existing if i.kind == ACTION and i.text == text), None)
        if same is not None and same.id not in kept:
            kept.add(same.id or 0)
            continue
        item = await record_action(ctx, owner, text, due, report.meeting_id, report.id, channel)
        kept.add(item.id or 0)
        new_actions.append(item)
    for item in existing:
        if item.id not in kept and item.status in (OPEN, TAKEN):
            item.status = REMOVED
            await store.save(ctx, item)
            await store.add_event(ctx, item.id or 0, DROPPED)
            await plan_reminders(ctx, item)
    return new_actions
