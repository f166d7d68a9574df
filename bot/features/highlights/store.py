"""Reading and writing highlights; every query is limited to the invocation's workspace."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, delete, func, select

from bot.ctx import Ctx
from bot.errors import NotFound
from storage.models.highlights import Highlight, HighlightInterest, HighlightTag
from storage.queries import insert_rows


@dataclass
class Shown:
    """A highlight with what its message shows: themes and how many found it useful."""

    highlight: Highlight
    tags: list[tuple[str, str]] = field(default_factory=list)  # (key, label)
    useful: int = 0

    @property
    def id(self) -> int:
        assert self.highlight.id is not None
        return self.highlight.id


def read_id(value: str) -> int:
    """A highlight id from an (untrusted) button value or form state."""
    text = (value or "").strip()
    if not text.isdecimal() or len(text) > 12:
        raise NotFound("highlights.not_found")
    return int(text)


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


async def set_tags(ctx: Ctx, highlight_id: int, tags: list[tuple[str, str]]) -> None:
    """Replace the themes of a highlight."""
    await ctx.session.exec(
        delete(HighlightTag).where(  # type: ignore[call-overload]
            HighlightTag.workspace == ctx.workspace, col(HighlightTag.highlight_id) == highlight_id
        )
    )
    await add_tags(ctx, highlight_id, tags)


async def add_tags(ctx: Ctx, highlight_id: int, tags: list[tuple[str, str]]) -> None:
    """Give themes to a highlight that has none yet."""
    rows = [
        HighlightTag(workspace=ctx.workspace, highlight_id=highlight_id, tag=key, label=label)
        for key, label in tags
    ]
    await insert_rows(ctx.session, rows)


async def useful_count(ctx: Ctx, highlight_id: int) -> int:
    statement = select(func.count(col(HighlightInterest.id))).where(
        HighlightInterest.workspace == ctx.workspace,
        col(HighlightInterest.highlight_id) == highlight_id,
    )
    return int((await ctx.session.exec(statement)).one())


async def shown(ctx: Ctx, highlights: list[Highlight]) -> list[Shown]:
    """Attach themes and « Utile » counts to ``highlights`` (two queries, whatever their number)."""
    ids = [h.id for h in highlights]
    if not ids:
        return []
    tags: dict[int, list[tuple[str, str]]] = defaultdict(list)
    tag_rows = await ctx.session.exec(
        select(HighlightTag)
        .where(HighlightTag.workspace == ctx.workspace, col(HighlightTag.highlight_id).in_(ids))
        .order_by(col(HighlightTag.id))
    )
    for row in tag_rows.all():
        tags[row.highlight_id].append((row.tag, row.label))
    count_rows = await ctx.session.exec(
        select(HighlightInterest.highlight_id, func.count(col(HighlightInterest.id)))
        .where(
            HighlightInterest.workspace == ctx.workspace,
            col(HighlightInterest.highlight_id).in_(ids),
        )
        .group_by(col(HighlightInterest.highlight_id))
    )
    counts = dict(count_rows.all())
    return [Shown(h, tags.get(h.id or 0, []), int(counts.get(h.id, 0))) for h in highlights]


async def one_shown(ctx: Ctx, highlight: Highlight) -> Shown:
    return (await shown(ctx, [highlight]))[0]


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
    statement = select(Highlight).where(
        Highlight.workspace == ctx.workspace, col(Highlight.withdrawn_at).is_(None)
    )
    if since is not None:
        statement = statement.where(col(Highlight.created_at) >= since)
    if until is not None:
        statement = statement.where(col(Highlight.created_at) <= until)
    if author:
        statement = statement.where(Highlight.author_id == author)
    if tag:
        tagged = select(HighlightTag.highlight_id).where(
            HighlightTag.workspace == ctx.workspace, HighlightTag.tag == tag
        )
        statement = statement.where(col(Highlight.id).in_(tagged))
    order = col(Highlight.created_at).desc() if newest_first else col(Highlight.created_at)
    statement = statement.order_by(
        order, col(Highlight.id).desc() if newest_first else col(Highlight.id)
    )
    return await shown(ctx, list((await ctx.session.exec(statement)).all()))
