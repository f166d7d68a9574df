"""Reading and writing highlights; every query is limited to the invocation's workspace."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import true
from sqlmodel import col, delete, func, select, update

from bot import hooks
from bot.ctx import Ctx
from bot.errors import NotFound
from bot.features.highlights.parsing import read_id
from bot.features.highlights.shown import Page, Shown, Tags
from bot.paging import count_limit, span
from storage.models import Job
from storage.models.highlights import Highlight, HighlightInterest, HighlightTag
from storage.queries import add_row, count_upto, in_chunks, insert_ignore, insert_rows


# -- one highlight ---------------------------------------------------------------------------
async def get_highlight(ctx: Ctx, value: str, *, withdrawn_ok: bool = False) -> Highlight:
    """The highlight named by ``value`` in this workspace, else a clear refusal."""
    statement = select(Highlight).where(
        Highlight.workspace == ctx.workspace, col(Highlight.id) == read_id(value)
    )
    highlight = (await ctx.session.exec(statement)).first()
    if highlight is None:
        raise NotFound("highlights.not_found")
    if highlight.withdrawn_at is not None and not withdrawn_ok:
        raise NotFound("highlights.already_withdrawn")
    return highlight


async def add_highlight(ctx: Ctx, highlight: Highlight, tags: Tags) -> Shown:
    """Store a new highlight and its themes; as its message shows it (no « Utile » yet)."""
    await add_row(ctx.session, highlight)
    assert highlight.id is not None
    await add_tags(ctx, highlight.id, tags)
    return Shown(highlight, tags, 0)


async def rewrite_highlight(
    ctx: Ctx, highlight: Highlight, text: str, tags: Tags, link: str | None, territory: str | None
) -> None:
    """The author's new text, themes, link and territory, marked as edited now."""
    highlight.text, highlight.link, highlight.territory = text, link, territory
    highlight.edited_at = ctx.now
    ctx.session.add(highlight)
    assert highlight.id is not None
    await set_tags(ctx, highlight.id, tags, shown=highlight.withdrawn_at is None)


async def set_withdrawn(ctx: Ctx, highlight: Highlight) -> None:
    """Withdrawn now by the person acting: left out of lists and récoltes."""
    highlight.withdrawn_at = ctx.now
    highlight.withdrawn_by = ctx.user_id
    ctx.session.add(highlight)
    await _show_tags(ctx, highlight, shown=False)


async def set_restored(ctx: Ctx, highlight: Highlight) -> None:
    """Back as it was before « Retirer »."""
    highlight.withdrawn_at = None
    highlight.withdrawn_by = None
    ctx.session.add(highlight)
    await _show_tags(ctx, highlight, shown=True)


async def _show_tags(ctx: Ctx, highlight: Highlight, *, shown: bool) -> None:
    """The highlight's themes follow it out of (or back into) the lists of one theme."""
    await ctx.session.exec(
        update(HighlightTag)  # type: ignore[call-overload]
        .where(
            HighlightTag.workspace == ctx.workspace,
            col(HighlightTag.highlight_id) == highlight.id,
        )
        .values(shown=shown)
    )


async def toggle_interest(ctx: Ctx, highlight_id: int) -> bool:
    """Mark the highlight « Utile » for the person, or take the mark back; True when marked."""
    added = await insert_ignore(
        ctx.session,
        HighlightInterest,
        {
            "workspace": ctx.workspace,
            "highlight_id": highlight_id,
            "user_id": ctx.user_id,
            "created_at": ctx.now,
        },
        ["highlight_id", "user_id"],
    )
    if not added:
        await ctx.session.exec(
            delete(HighlightInterest).where(  # type: ignore[call-overload]
                HighlightInterest.workspace == ctx.workspace,
                col(HighlightInterest.highlight_id) == highlight_id,
                HighlightInterest.user_id == ctx.user_id,
            )
        )
    return added


# -- themes ----------------------------------------------------------------------------------
async def set_tags(ctx: Ctx, highlight_id: int, tags: Tags, *, shown: bool = True) -> None:
    """Replace the themes of a highlight (``shown``: the highlight is not withdrawn)."""
    await ctx.session.exec(
        delete(HighlightTag).where(  # type: ignore[call-overload]
            HighlightTag.workspace == ctx.workspace, col(HighlightTag.highlight_id) == highlight_id
        )
    )
    await add_tags(ctx, highlight_id, tags, shown=shown)


async def add_tags(ctx: Ctx, highlight_id: int, tags: Tags, *, shown: bool = True) -> None:
    """Give themes to a highlight that has none yet."""
    rows = [
        HighlightTag(
            workspace=ctx.workspace, highlight_id=highlight_id, tag=key, label=label, shown=shown
        )
        for key, label in tags
    ]
    await insert_rows(ctx.session, rows)


# -- what is shown ---------------------------------------------------------------------------
async def tags_of(ctx: Ctx, ids: list[int]) -> dict[int, Tags]:
    """The themes of the highlights ``ids``, each in the order it was given (one query per
    chunk of ids)."""
    tags: dict[int, Tags] = defaultdict(list)
    for some in in_chunks(ids):
        rows = await ctx.session.exec(
            select(HighlightTag.highlight_id, HighlightTag.tag, HighlightTag.label)
            .where(
                HighlightTag.workspace == ctx.workspace, col(HighlightTag.highlight_id).in_(some)
            )
            .order_by(col(HighlightTag.highlight_id), col(HighlightTag.id))
        )
        for highlight_id, key, label in rows.all():
            tags[highlight_id].append((key, label))
    return tags


async def shown(ctx: Ctx, highlights: list[Highlight]) -> list[Shown]:
    """Attach themes and « Utile » counts to ``highlights`` (two queries per chunk of ids)."""
    ids = [h.id for h in highlights if h.id is not None]
    if not ids:
        return []
    tags = await tags_of(ctx, ids)
    counts: dict[int, int] = {}
    for some in in_chunks(ids):
        count_rows = await ctx.session.exec(
            select(HighlightInterest.highlight_id, func.count(col(HighlightInterest.id)))
            .where(
                HighlightInterest.workspace == ctx.workspace,
                col(HighlightInterest.highlight_id).in_(some),
            )
            .group_by(col(HighlightInterest.highlight_id))
        )
        counts.update((key, int(n)) for key, n in count_rows.all())
    return [Shown(h, tags.get(h.id or 0, []), counts.get(h.id or 0, 0)) for h in highlights]


async def one_shown(ctx: Ctx, highlight: Highlight) -> Shown:
    """One highlight with its themes and « Utile » count."""
    return (await shown(ctx, [highlight]))[0]


@dataclass(frozen=True)
class Filters:
    """What a list or a récolte keeps: a period, a theme's key, an author."""

    since: datetime | None = None
    until: datetime | None = None
    tag: str | None = None
    author: str | None = None


def kept_clauses(ctx: Ctx, filters: Filters) -> list[Any]:
    """The WHERE clauses of the highlights still shown that ``filters`` keep."""
    clauses: list[Any] = [
        Highlight.workspace == ctx.workspace,
        col(Highlight.withdrawn_at).is_(None),
    ]
    if filters.since is not None:
        clauses.append(col(Highlight.created_at) >= filters.since)
    if filters.until is not None:
        clauses.append(col(Highlight.created_at) <= filters.until)
    if filters.author:
        clauses.append(Highlight.author_id == filters.author)
    if filters.tag:
        tagged = select(HighlightTag.highlight_id).where(  # probed row by row in its index
            *_theme_clauses(ctx, filters.tag), col(HighlightTag.highlight_id) == col(Highlight.id)
        )
        clauses.append(tagged.exists())
    return clauses


async def find_highlights(
    ctx: Ctx,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    tag: str | None = None,
    author: str | None = None,
    newest_first: bool = False,
) -> list[Shown]:
    """Highlights of this workspace still shown, filtered; oldest first unless asked."""
    statement = select(Highlight).where(*kept_clauses(ctx, Filters(since, until, tag, author)))
    order = col(Highlight.created_at).desc() if newest_first else col(Highlight.created_at)
    statement = statement.order_by(
        order, col(Highlight.id).desc() if newest_first else col(Highlight.id)
    )
    return await shown(ctx, list((await ctx.session.exec(statement)).all()))


def _theme_clauses(ctx: Ctx, tag: str) -> list[Any]:
    """The theme rows of the highlights still shown that carry ``tag``."""
    return [
        HighlightTag.workspace == ctx.workspace,
        HighlightTag.tag == tag,
        col(HighlightTag.shown) == true(),  # « = true »: a condition of the index
    ]


def _counted(ctx: Ctx, filters: Filters) -> Any:
    """The ids a list counts. Of one theme alone: its theme rows, read from their index
    (they carry the highlight's withdrawn state); of a theme and a period or an author:
    the theme's rows, each highlight checked by its key."""
    if not filters.tag:
        return select(col(Highlight.id)).where(*kept_clauses(ctx, filters))
    themed = select(col(HighlightTag.highlight_id)).where(*_theme_clauses(ctx, filters.tag))
    if filters == Filters(tag=filters.tag):
        return themed
    return themed.join(Highlight, col(Highlight.id) == col(HighlightTag.highlight_id)).where(
        *kept_clauses(ctx, replace(filters, tag=None))
    )


async def highlights_page(ctx: Ctx, filters: Filters, page: int, size: int) -> Page:
    """Page ``page`` (clamped) of the highlights ``filters`` keep, newest first: a COUNT that
    stops at a limit (a long history costs what its first thousand rows cost), then
    ORDER BY … LIMIT; themes and « Utile » counts read for the rows shown only."""
    kept = kept_clauses(ctx, filters)
    limit = count_limit(page, size)
    counted = await count_upto(ctx.session, _counted(ctx, filters), limit)
    where = span(page, size, counted, limit)
    statement = (
        select(Highlight)
        .where(*kept)
        .order_by(col(Highlight.created_at).desc(), col(Highlight.id).desc())
        .offset(where.offset(size))
        .limit(size)
    )
    rows = list((await ctx.session.exec(statement)).all())
    return Page(await shown(ctx, rows), where.page, where.pages, where.total, where.more)


# -- automatic récoltes ----------------------------------------------------------------------
async def pending_harvests(ctx: Ctx) -> list[Job]:
    """The automatic récoltes planned in this workspace, by channel."""
    statement = (
        select(Job)
        .where(
            Job.workspace == ctx.workspace,
            Job.kind == hooks.HIGHLIGHTS_HARVEST,
            Job.status == "pending",
        )
        .order_by(col(Job.channel))
    )
    return list((await ctx.session.exec(statement)).all())
