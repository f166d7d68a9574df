"""Queries on decisions, actions and their history; each filters on workspace and channel."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, union_all
from sqlmodel import col, select

from bot.ctx import Ctx
from bot.errors import NotFound
from bot.features.followup.parsing import ListFilter
from bot.features.followup.rules import ACTION, DECISION, DONE, OPEN, TAKEN, Listed
from bot.paging import Span, count_limit, span
from bot.text import fold
from storage.models import Member
from storage.models.followup import FollowupEvent, FollowupItem
from storage.models.partners import Organisation
from storage.queries import add_row, count_upto


def _here(ctx: Ctx) -> list[Any]:
    """The conditions every item query carries: this workspace, and this channel (where the
    item was recorded, or the sous-comité's channel it is assigned to)."""
    here = ctx.place.channel
    return [
        FollowupItem.workspace == ctx.workspace,
        or_(FollowupItem.channel == here, FollowupItem.assigned_channel == here),
    ]


async def add_item(ctx: Ctx, item: FollowupItem) -> FollowupItem:
    return await add_row(ctx.session, item)


async def save(ctx: Ctx, row: object) -> None:
    ctx.session.add(row)
    await ctx.session.flush()


async def add_event(ctx: Ctx, item_id: int, kind: str, detail: str | None = None) -> None:
    """Keep one change in the item's history."""
    by = ctx.actor.user_id if ctx.actor else None
    event = FollowupEvent(
        workspace=ctx.workspace, item_id=item_id, kind=kind, by=by, detail=detail, at=ctx.now
    )
    await add_row(ctx.session, event)


async def get_item(ctx: Ctx, number: int, *, lock: bool = False) -> FollowupItem:
    """Item ``number`` of this workspace and channel, else NotFound."""
    statement = select(FollowupItem).where(col(FollowupItem.id) == number, *_here(ctx))
    if lock:
        statement = statement.with_for_update()
    item = (await ctx.session.exec(statement)).first()
    if item is None:
        raise NotFound("followup.unknown_item", number=number)
    return item


async def find_item(ctx: Ctx, workspace: str, channel: str, number: int) -> FollowupItem | None:
    """The item a job names (its workspace and channel given by the job)."""
    statement = select(FollowupItem).where(
        col(FollowupItem.id) == number,
        FollowupItem.workspace == workspace,
        FollowupItem.channel == channel,
    )
    return (await ctx.session.exec(statement)).first()


async def events_of(ctx: Ctx, item_id: int) -> list[FollowupEvent]:
    statement = (
        select(FollowupEvent)
        .where(FollowupEvent.workspace == ctx.workspace, FollowupEvent.item_id == item_id)
        .order_by(col(FollowupEvent.at), col(FollowupEvent.id))
    )
    return list((await ctx.session.exec(statement)).all())


async def organisations(ctx: Ctx) -> dict[str, str]:
    """The organisations of the map: folded name → name."""
    statement = select(Organisation.name_key, Organisation.name).where(
        Organisation.workspace == ctx.workspace
    )
    return dict((await ctx.session.exec(statement)).all())


async def member_named(ctx: Ctx, name: str) -> Member | None:
    """The person of this workspace whose name is ``name`` (accents and case ignored)."""
    key = fold(name)
    statement = select(Member).where(Member.workspace == ctx.workspace)
    for member in (await ctx.session.exec(statement)).all():
        if fold(member.display_name) == key or fold(member.display_name).split(" ")[0] == key:
            return member
    return None


async def organisations_of(ctx: Ctx, user_ids: set[str]) -> dict[str, str]:
    """The organisation each of these people represents (those with none left out)."""
    if not user_ids:
        return {}
    statement = select(Member.user_id, Member.organisation).where(
        Member.workspace == ctx.workspace, col(Member.user_id).in_(sorted(user_ids))
    )
    return {uid: org for uid, org in (await ctx.session.exec(statement)).all() if org}


def _owned(ctx: Ctx, wanted: ListFilter, organisation_key: str | None) -> list[list[Any]]:
    """The open actions of a person or an organisation as disjoint sets, each read from an
    owner's index (a few rows, however long the channel's history): « mes » is the
    person's, then their organisation's given to nobody else."""
    if wanted.kind == "person":
        owners = [[FollowupItem.owner_id == wanted.value]]
    elif wanted.kind == "org":
        owners = [[FollowupItem.owner_org_key == wanted.value]]
    else:
        owners = [[FollowupItem.owner_id == ctx.user_id]]
        if organisation_key:
            owner = col(FollowupItem.owner_id)
            not_mine = or_(owner.is_(None), owner != ctx.user_id)
            owners.append([FollowupItem.owner_org_key == organisation_key, not_mine])
    opened = [FollowupItem.kind == ACTION, FollowupItem.status == OPEN]
    return [[*_here(ctx), *opened, *owned] for owned in owners]


def _filtered(ctx: Ctx, wanted: ListFilter) -> list[Any]:
    """The conditions of a list filter that is not about an owner."""
    is_action, is_open = FollowupItem.kind == ACTION, FollowupItem.status == OPEN
    if wanted.kind == "late":
        return [is_action, is_open, col(FollowupItem.due_at) < ctx.now]
    if wanted.kind == "meeting":
        return [FollowupItem.meeting_id == int(wanted.value), col(FollowupItem.status) != "retiree"]
    if wanted.kind == "all":
        return [col(FollowupItem.status) != "retiree"]
    if wanted.kind == "decisions":
        return [FollowupItem.kind == DECISION, FollowupItem.status == TAKEN]
    if wanted.kind == "done":
        return [is_action, FollowupItem.status == DONE]
    return [is_action, is_open]


def _sides(ctx: Ctx) -> list[list[Any]]:
    """The items of this channel as two disjoint sets, each read in its own index: those
    recorded here, and those assigned here from another channel (an OR of the two would
    keep the planner off both indexes)."""
    here, workspace = ctx.place.channel, FollowupItem.workspace == ctx.workspace
    return [
        [workspace, FollowupItem.channel == here],
        [workspace, FollowupItem.assigned_channel == here, FollowupItem.channel != here],
    ]


def _parts(ctx: Ctx, wanted: ListFilter, organisation_key: str | None) -> list[list[Any]]:
    """The disjoint sets a list is read as, each served by an index."""
    if wanted.kind in ("mine", "person", "org"):
        return _owned(ctx, wanted, organisation_key)
    conditions = _filtered(ctx, wanted)
    return [[*side, *conditions] for side in _sides(ctx)]


async def page_items(
    ctx: Ctx, wanted: ListFilter, organisation_key: str | None, page: int, size: int
) -> tuple[list[FollowupItem], Span]:
    """Page ``page`` (clamped) of the items ``wanted``, soonest due first (then those with no
    date), then by number, and where it sits: a count that stops at a limit, then the first
    rows of each part (side of the channel, or owner), dated and undated, each read in the
    order of its index, so a page costs the same after five years of actions."""
    parts = _parts(ctx, wanted, organisation_key)
    limit = count_limit(page, size)
    ids = union_all(*(select(FollowupItem.id).where(*part) for part in parts))
    where = span(page, size, await count_upto(ctx.session, ids, limit), limit)
    due, reach = col(FollowupItem.due_at), where.offset(size) + size
    firsts = [
        select(FollowupItem.id)
        .where(*part, dated)
        .order_by(due, col(FollowupItem.id))
        .limit(reach)
        .subquery()
        for part in parts
        for dated in (due.is_not(None), due.is_(None))[: 1 if wanted.kind == "late" else 2]
    ]
    statement = (
        select(FollowupItem)
        .where(col(FollowupItem.id).in_(union_all(*(select(first.c.id) for first in firsts))))
        .order_by(due.is_(None), due, col(FollowupItem.id))
        .offset(where.offset(size))
        .limit(size)
    )
    return list((await ctx.session.exec(statement)).all()), where


EXPORT_CHUNK = 500  # items an export holds at a time
EXPORT_COLUMNS = (  # what an export shows of an item (``rules.Listed``)
    FollowupItem.id,
    FollowupItem.kind,
    FollowupItem.text,
    FollowupItem.owner_id,
    FollowupItem.owner_org,
    FollowupItem.due_at,
    FollowupItem.status,
    FollowupItem.assigned_channel,
    FollowupItem.meeting_id,
    FollowupItem.done_at,
)


async def all_items(ctx: Ctx) -> AsyncIterator[Sequence[Listed]]:
    """Every item of the channel but those removed, by number (for exports): plain rows of
    ``EXPORT_COLUMNS``, ``EXPORT_CHUNK`` at a time from one query."""
    statement = (
        select(*EXPORT_COLUMNS)
        .where(*_here(ctx), col(FollowupItem.status) != "retiree")
        .order_by(col(FollowupItem.id))
        .execution_options(yield_per=EXPORT_CHUNK)
    )
    result = await ctx.session.stream(statement)
    async for part in result.partitions(EXPORT_CHUNK):
        yield part  # type: ignore[misc]


async def open_actions(ctx: Ctx) -> list[FollowupItem]:
    statement = (
        select(FollowupItem)
        .where(*_here(ctx), FollowupItem.kind == ACTION, FollowupItem.status == OPEN)
        .order_by(
            col(FollowupItem.due_at).is_(None), col(FollowupItem.due_at), col(FollowupItem.id)
        )
    )
    return list((await ctx.session.exec(statement)).all())


async def done_since(ctx: Ctx, since: datetime | None) -> list[FollowupItem]:
    statement = select(FollowupItem).where(
        *_here(ctx), FollowupItem.kind == ACTION, FollowupItem.status == DONE
    )
    if since is not None:
        statement = statement.where(col(FollowupItem.done_at) >= since)
    statement = statement.order_by(col(FollowupItem.done_at), col(FollowupItem.id))
    return list((await ctx.session.exec(statement)).all())


async def decisions_since(ctx: Ctx, since: datetime | None) -> list[FollowupItem]:
    statement = select(FollowupItem).where(
        *_here(ctx), FollowupItem.kind == DECISION, FollowupItem.status == TAKEN
    )
    if since is not None:
        statement = statement.where(col(FollowupItem.created_at) >= since)
    statement = statement.order_by(col(FollowupItem.id))
    return list((await ctx.session.exec(statement)).all())


async def report_items(ctx: Ctx, report_id: int) -> list[FollowupItem]:
    statement = (
        select(FollowupItem)
        .where(
            FollowupItem.workspace == ctx.workspace,
            FollowupItem.channel == ctx.place.channel,  # a compte rendu's own channel
            FollowupItem.report_id == report_id,
        )
        .where(col(FollowupItem.status) != "retiree")
        .order_by(col(FollowupItem.id))
    )
    return list((await ctx.session.exec(statement)).all())
