"""Recording and changing items: owners looked up, dates checked, reminders planned."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot import hooks, refs
from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.features.followup import store
from bot.features.followup.parsing import (
    MAX_WHEN,
    ActionLine,
    Owner,
    checked_item_text,
    split_organisation,
    split_owner,
)
from bot.features.followup.render import channel_ref
from bot.features.followup.rules import (
    ACTION,
    ASSIGNED,
    CREATED,
    DECISION,
    OPEN,
    TAKEN,
    Listed,
    may_change,
    next_weekly,
    reminder_times,
)
from bot.text import fold, harmless, truncate
from storage.models.followup import FollowupItem


async def resolve_owner(ctx: Ctx, head: str) -> tuple[Owner, str]:
    """The owner at the start of ``head`` (a mention, « @Nom » or an organisation) and the text."""
    user_id, name, rest = split_owner(head)
    if name is not None:
        member = await store.member_named(ctx, name)
        if member is None:
            raise UserError("followup.unknown_person", person=harmless(truncate(name, 60)))
        return Owner(member.user_id, None, None), rest
    if user_id is not None:
        if await ctx.member(user_id) is None:
            label = refs.label(head.split(refs.CLOSE, 1)[0] + refs.CLOSE)
            raise UserError("followup.unknown_person", person=harmless(truncate(label, 60)))
        return Owner(user_id, None, None), rest
    found = split_organisation(head, await store.organisations(ctx))
    if found is None:
        first = (head.split() or [""])[0]
        raise UserError("followup.unknown_owner", word=harmless(truncate(first, 60)))
    organisation, rest = found
    return Owner(None, organisation, fold(organisation)), rest


def checked_due(ctx: Ctx, text: str) -> datetime | None:
    """The due date typed after « pour » (None when there is none); past dates refused."""
    if not text.strip():
        return None
    if len(text) > MAX_WHEN:
        raise UserError("followup.due_too_long", limit=MAX_WHEN)
    try:
        return ctx.parse_when(text)
    except UserError as error:
        if error.key == "when.past":
            raise UserError("followup.due_past", text=harmless(truncate(text, 60))) from None
        raise


async def checked_meeting(ctx: Ctx, meeting_id: int | None) -> None:
    """Refuse a meeting number the meetings feature does not know in this channel."""
    if meeting_id is None or not ctx.router.providers(hooks.MEETING_TITLE):
        return
    if not await ctx.hook(hooks.MEETING_TITLE, meeting_id):
        raise UserError("followup.unknown_meeting", number=meeting_id)


ActionParts = tuple[Owner, str, datetime | None, str | None]


async def action_from(ctx: Ctx, line: ActionLine) -> ActionParts:
    """An action line checked: its owner, its text, its due date and the sous-comité's
    channel it goes to (None: this channel)."""
    owner, rest = await resolve_owner(ctx, line.head)
    text = checked_item_text(rest, ACTION)
    due = checked_due(ctx, line.due)
    await checked_meeting(ctx, line.meeting_id)
    channel = line.channel if line.channel != ctx.place.channel else None
    return owner, text, due, channel


async def record_action(
    ctx: Ctx,
    owner: Owner,
    text: str,
    due: datetime | None,
    meeting_id: int | None,
    report_id: int | None = None,
    channel: str | None = None,
) -> FollowupItem:
    """Store an action, keep its creation in the history and plan its reminders;
    ``channel``: the sous-comité's channel it is assigned to."""
    item = await _record(
        ctx,
        ACTION,
        text,
        meeting_id,
        report_id,
        status=OPEN,
        owner_id=owner.user_id,
        owner_org=owner.organisation,
        owner_org_key=owner.organisation_key,
        due_at=due,
        assigned_channel=channel,
    )
    if channel:
        await store.add_event(ctx, item.id or 0, ASSIGNED, channel_ref(channel))
    await plan_reminders(ctx, item)
    await ctx.schedule(
        hooks.FOLLOWUP_OVERDUE, f"weekly:{ctx.place.channel}", next_weekly(ctx.now, ctx.tz)
    )
    return item


async def record_decision(
    ctx: Ctx, text: str, meeting_id: int | None, report_id: int | None = None
) -> FollowupItem:
    """Store a decision and keep its creation in the history."""
    return await _record(ctx, DECISION, text, meeting_id, report_id, status=TAKEN)


async def _record(
    ctx: Ctx,
    kind: str,
    text: str,
    meeting_id: int | None,
    report_id: int | None,
    **fields: Any,
) -> FollowupItem:
    """Store an item of this channel, recorded now by the person acting, and its creation."""
    item = await store.add_item(
        ctx,
        FollowupItem(
            workspace=ctx.workspace,
            channel=ctx.place.channel,
            kind=kind,
            text=text,
            meeting_id=meeting_id,
            report_id=report_id,
            recorded_by=ctx.user_id,
            created_at=ctx.now,
            **fields,
        ),
    )
    await store.add_event(ctx, item.id or 0, CREATED, text)
    return item


async def plan_reminders(ctx: Ctx, item: FollowupItem) -> None:
    """(Re)plan the reminders of an open action with a due date; cancel the others."""
    await ctx.cancel_jobs(hooks.FOLLOWUP_REMINDER, f"{item.id}:")
    if item.status != OPEN or item.due_at is None:
        return
    payload = {"item": item.id, "due": item.due_at.isoformat()}
    for label, at in reminder_times(item.due_at, ctx.now, ctx.tz):
        await ctx.schedule(
            hooks.FOLLOWUP_REMINDER,
            f"{item.id}:{label}",
            at,
            {**payload, "when": label},
            channel=item.channel,  # where it was recorded, even when changed in a sous-comité
        )


async def organisation_key(ctx: Ctx) -> str | None:
    """The folded organisation the person acting represents, if any."""
    if ctx.actor is None:
        return None
    member = await ctx.member(ctx.user_id)
    return fold(member.organisation) if member and member.organisation else None


async def require_change(ctx: Ctx, item: FollowupItem) -> None:
    """Refuse unless the person is the owner, the recorder or the coordination."""
    if not may_change(item, ctx.user_id, await organisation_key(ctx), ctx.is_coordinator):
        raise NotAllowed("followup.not_allowed", number=item.id)


async def names_for(ctx: Ctx, items: Iterable[Listed]) -> dict[str, str]:
    """The display name of every person owning one of ``items`` (one query per 500 people)."""
    return await ctx.display_names(item.owner_id for item in items if item.owner_id)


def open_item(item: FollowupItem) -> None:
    """Refuse to follow up an item that is not an open action."""
    if item.kind != ACTION:
        raise UserError("followup.not_an_action", number=item.id)
    if item.status != OPEN:
        raise UserError("followup.already_closed", number=item.id)
