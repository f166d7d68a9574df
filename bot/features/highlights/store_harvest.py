"""Reading a récolte: its counts first (a few GROUP BY queries), then each theme's highlights
as plain columns, streamed a chunk at a time; never an ORM object per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, distinct, exists, func
from sqlmodel import select

from bot.ctx import Ctx
from bot.features.highlights.store import Filters, kept_clauses
from storage.models.highlights import Highlight, HighlightInterest, HighlightTag

ROWS_PER_READ = 1_000  # rows a theme's stream holds at a time
NO_THEME = ""

# the author's organisation, else the author's name (``organisation_of``, in SQL)
ORGANISATION = func.coalesce(func.nullif(Highlight.organisation, ""), Highlight.author_name)


@dataclass
class Counted:
    """What a period holds, counted in SQL: highlights, authors, and for each theme (key
    ``NO_THEME`` for the untagged) its label and its highlights by organisation."""

    count: int = 0
    people: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    by_theme: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))


def _tagged(ctx: Ctx, key: str | None = None) -> Any:
    """The join of a highlight to its theme rows (to one theme's row when ``key``)."""
    on = [HighlightTag.workspace == ctx.workspace, HighlightTag.highlight_id == Highlight.id]
    if key is not None:
        on.append(HighlightTag.tag == key)
    return and_(*on)


def _untagged(ctx: Ctx) -> Any:
    return ~exists().where(
        HighlightTag.workspace == ctx.workspace, HighlightTag.highlight_id == Highlight.id
    )


async def counted(ctx: Ctx, since: datetime, until: datetime) -> Counted:
    """The counts of the highlights shown, posted between ``since`` and ``until``."""
    kept = kept_clauses(ctx, Filters(since, until))
    found = Counted()
    totals = await ctx.session.exec(  # type: ignore[call-overload]
        select(func.count(), func.count(distinct(Highlight.author_id))).where(*kept)
    )
    found.count, found.people = totals.one()
    if not found.count:
        return found
    tagged = await ctx.session.exec(  # type: ignore[call-overload]
        select(HighlightTag.tag, ORGANISATION, func.count())
        .select_from(Highlight)
        .join(HighlightTag, _tagged(ctx))
        .where(*kept)
        .group_by(HighlightTag.tag, ORGANISATION)
    )
    for key, organisation, n in tagged:
        found.by_theme[key][organisation] = n
    untagged = await ctx.session.exec(  # type: ignore[call-overload]
        select(ORGANISATION, func.count()).where(*kept, _untagged(ctx)).group_by(ORGANISATION)
    )
    for organisation, n in untagged:
        found.by_theme[NO_THEME][organisation] = n
    # a theme is named as its oldest highlight of the period typed it
    rank = func.row_number().over(
        partition_by=HighlightTag.tag, order_by=(Highlight.created_at, Highlight.id)
    )
    ranked = (
        select(HighlightTag.tag, HighlightTag.label, rank.label("rank"))
        .select_from(Highlight)
        .join(HighlightTag, _tagged(ctx))
        .where(*kept)
        .subquery()
    )
    labels = await ctx.session.exec(  # type: ignore[call-overload]
        select(ranked.c.tag, ranked.c.label).where(ranked.c.rank == 1)
    )
    found.labels = dict(labels.all())
    return found


# the columns a récolte shows of a highlight, in this order
COLUMNS = (
    Highlight.id,
    Highlight.created_at,
    Highlight.author_name,
    Highlight.organisation,
    Highlight.text,
    Highlight.link,
    Highlight.territory,
)
Row = tuple[int, datetime, str, str | None, str, str | None, str | None, int]  # + « Utile »


async def theme_rows(
    ctx: Ctx,
    key: str,
    since: datetime,
    until: datetime,
    by_useful: bool = False,
    size: int | None = None,
) -> AsyncIterator[Sequence[Row]]:
    """The highlights of theme ``key`` (``NO_THEME``: the untagged), oldest first (most
    « Utile » first when ``by_useful``), as plain rows, ``size`` (else ``ROWS_PER_READ``) at
    a time from one query."""
    size = size or ROWS_PER_READ
    useful = (
        select(func.count())
        .where(
            HighlightInterest.workspace == ctx.workspace,
            HighlightInterest.highlight_id == Highlight.id,
        )
        .scalar_subquery()
        .label("useful")
    )
    statement = select(*COLUMNS, useful).where(*kept_clauses(ctx, Filters(since, until)))
    if key == NO_THEME:
        statement = statement.where(_untagged(ctx))
    else:
        statement = statement.join(HighlightTag, _tagged(ctx, key))
    first = (useful.desc(),) if by_useful else ()
    statement = statement.order_by(*first, Highlight.created_at, Highlight.id)
    result = await ctx.session.stream(statement.execution_options(yield_per=size))
    async for part in result.partitions(size):
        yield part
