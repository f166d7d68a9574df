"""A récolte read and written: its counts, then each theme's rows streamed into its files."""

from __future__ import annotations

from datetime import datetime

from bot.ctx import Ctx
from bot.features.highlights.digest import Digest, Theme, build_digest
from bot.features.highlights.harvest_files import HarvestFiles
from bot.features.highlights.render_harvest import (
    LINES_PER_THEME,
    digest_message,
    organisations_line,
    summary,
    theme_heading,
    theme_title,
)
from bot.features.highlights.shown import Shown
from bot.features.highlights.store import tags_of
from bot.features.highlights.store_harvest import Row, counted, theme_rows
from bot.messages import Attachment, Message
from storage.models.highlights import Highlight


async def collect(ctx: Ctx, since: datetime, by_useful: bool = False) -> Digest:
    """The récolte of the highlights posted since ``since``, until now: counted, not read."""
    return build_digest(await counted(ctx, since, ctx.now), since, ctx.now, by_useful)


async def written(ctx: Ctx, digest: Digest, title: str) -> list[Attachment]:
    """The récolte's Markdown and CSV files, each theme's rows written as they are read (a
    chunk at a time); each theme keeps its first lines for the channel."""
    files = HarvestFiles(ctx, digest, title, summary(ctx, digest))
    firsts: dict[str, list[Row]] = {}
    for theme in digest.themes:
        files.begin(theme, theme_heading(ctx, theme))
        name, first = theme_title(ctx, theme), firsts.setdefault(theme.key, [])
        rows = theme_rows(ctx, theme.key, digest.since, digest.until, digest.by_useful)
        async for part in rows:
            first.extend(part[: LINES_PER_THEME - len(first)])
            files.add(name, part)
        files.end(organisations_line(ctx, theme, escape=True))
    await _fill_first(ctx, digest.themes, firsts)
    return files.attachments()


async def _fill_first(ctx: Ctx, themes: list[Theme], firsts: dict[str, list[Row]]) -> None:
    """Each theme's first lines as shown in the channel, with all their themes."""
    tags = await tags_of(ctx, list(dict.fromkeys(r[0] for rows in firsts.values() for r in rows)))
    for theme in themes:
        theme.first = [_shown(row, tags.get(row[0], [])) for row in firsts[theme.key]]


def _shown(row: Row, tags: list[tuple[str, str]]) -> Shown:
    number, created, author, organisation, text, link, territory, useful = row
    highlight = Highlight(
        id=number,
        created_at=created,
        author_name=author,
        organisation=organisation,
        text=text,
        link=link,
        territory=territory,
    )
    return Shown(highlight, tags, useful)


async def harvest_message(ctx: Ctx, digest: Digest, title: str) -> Message:
    """The récolte posted in the channel, with its files."""
    return digest_message(ctx, digest, title, await written(ctx, digest, title))
