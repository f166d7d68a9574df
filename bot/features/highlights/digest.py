"""The récolte: highlights of a period grouped by theme, as a message, Markdown and CSV."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot import hooks
from bot.ctx import Ctx
from bot.exports import csv_attachment, markdown_attachment
from bot.features.highlights.render import list_line, organisation_of, said, who
from bot.features.highlights.store import Shown, find_highlights
from bot.messages import Block, Context, Divider, Header, Message, Section
from bot.text import fold, markdown_escape, plural_key

DEFAULT_DAYS = 30
LINES_PER_THEME = 10
NO_THEME = ""


@dataclass
class Theme:
    """The highlights of one theme (``key`` empty for « Sans thème »)."""

    key: str
    label: str
    items: list[Shown] = field(default_factory=list)

    def organisations(self) -> list[tuple[str, int]]:
        counts = Counter(organisation_of(item.highlight) for item in self.items)
        return sorted(counts.items(), key=lambda pair: (-pair[1], fold(pair[0])))


@dataclass
class Digest:
    since: datetime
    until: datetime
    items: list[Shown]
    themes: list[Theme]
    by_useful: bool = False


async def default_since(ctx: Ctx) -> datetime:
    """The start of the last meeting (meetings answers), else 30 days ago."""
    answers = [a for a in await ctx.hook(hooks.LAST_MEETING_START) if isinstance(a, datetime)]
    return max(answers) if answers else default_start(ctx)


def default_start(ctx: Ctx) -> datetime:
    """30 calendar days ago at the same local time, across a daylight-saving change too."""
    wall = ctx.local(ctx.now).replace(tzinfo=None) - timedelta(days=DEFAULT_DAYS)
    return wall.replace(tzinfo=ctx.tz).astimezone(UTC)


def group_by_theme(items: list[Shown], by_useful: bool = False) -> list[Theme]:
    """One theme per tag (a highlight with two tags is in both), biggest first, untagged last.

    Within a theme: oldest first, or most « Utile » first (then oldest) when ``by_useful``.
    """
    themes: dict[str, Theme] = {}
    for item in items:
        for key, label in item.tags or [(NO_THEME, "")]:
            themes.setdefault(key, Theme(key, label)).items.append(item)
    for theme in themes.values():
        if by_useful:
            theme.items.sort(key=lambda i: (-i.useful, i.highlight.created_at, i.id))
        else:
            theme.items.sort(key=lambda i: (i.highlight.created_at, i.id))
    return sorted(themes.values(), key=lambda t: (t.key == NO_THEME, -len(t.items), t.key))


async def collect(
    ctx: Ctx, since: datetime, until: datetime | None = None, by_useful: bool = False
) -> Digest:
    until = until or ctx.now
    items = await find_highlights(ctx, since=since, until=until)
    return Digest(since, until, items, group_by_theme(items, by_useful), by_useful)


def theme_title(ctx: Ctx, theme: Theme) -> str:
    return f"#{theme.label}" if theme.key else ctx.t("highlights.no_theme")


def summary(ctx: Ctx, digest: Digest) -> str:
    people = {item.highlight.author_id for item in digest.items}
    organisations = {fold(organisation_of(item.highlight)) for item in digest.items}
    return ctx.t(
        "highlights.digest_summary",
        since=ctx.when(digest.since),
        until=ctx.when(digest.until),
        count=len(digest.items),
        themes=len(digest.themes),
        people=len(people),
        organisations=len(organisations),
    )


def digest_message(ctx: Ctx, digest: Digest, title: str) -> Message:
    """The récolte posted in the channel, with the Markdown and CSV files attached."""
    blocks: list[Block] = [Header(title), Context((summary(ctx, digest),))]
    for theme in digest.themes:
        lines = [list_line(ctx, item) for item in theme.items[:LINES_PER_THEME]]
        hidden = len(theme.items) - LINES_PER_THEME
        if hidden > 0:
            more = plural_key("highlights.digest_more", hidden, ctx.language)
            lines.append(ctx.t(more, count=hidden))
        heading = ctx.t(
            "highlights.theme_heading", theme=theme_title(ctx, theme), count=len(theme.items)
        )
        organisations = ", ".join(f"{name} ({n})" for name, n in theme.organisations())
        blocks += [
            Divider(),
            Section(f"*{heading}*\n" + "\n".join(lines)),
            Context((ctx.t("highlights.theme_organisations", names=organisations),)),
        ]
    if digest.by_useful:
        blocks.append(Context((ctx.t("highlights.sorted_by_useful"),)))
    stem = ctx.t("highlights.file_stem") + "-" + ctx.local(digest.until).strftime("%Y-%m-%d")
    return Message(
        blocks=blocks,
        text=f"{title} — {summary(ctx, digest)}",
        files=[
            markdown_attachment(f"{stem}.md", digest_markdown(ctx, digest, title)),
            csv_attachment(f"{stem}.csv", csv_header(ctx), csv_rows(ctx, digest)),
        ],
    )


def digest_markdown(ctx: Ctx, digest: Digest, title: str) -> str:
    """The whole récolte, every text in full, for the meeting's notes."""
    out = [f"# {title}", "", f"_{summary(ctx, digest)}_", ""]
    for theme in digest.themes:
        heading = ctx.t(
            "highlights.theme_heading", theme=theme_title(ctx, theme), count=len(theme.items)
        )
        out += [f"## {heading}", ""]
        for item in theme.items:
            highlight = item.highlight
            text = markdown_escape(highlight.text).replace("\n", "\n  ")
            stamp = ctx.when(highlight.created_at)
            out.append(f"- **{stamp}** — " + said(ctx, markdown_escape(who(highlight)), text))
            details = []
            if highlight.territory:
                territory = markdown_escape(highlight.territory)
                details.append(said(ctx, ctx.t("highlights.field_territory"), territory))
            if highlight.link:
                details.append(said(ctx, ctx.t("highlights.field_link"), f"<{highlight.link}>"))
            details.append(ctx.t("highlights.useful_short", count=item.useful))
            out.append("  " + " · ".join(details))
        out.append("")
        organisations = ", ".join(
            f"{markdown_escape(name)} ({n})" for name, n in theme.organisations()
        )
        out += [f"_{ctx.t('highlights.theme_organisations', names=organisations)}_", ""]
    return "\n".join(out)


def csv_header(ctx: Ctx) -> list[str]:
    return [ctx.t(f"highlights.csv.{name}") for name in CSV_COLUMNS]


CSV_COLUMNS = (
    "theme",
    "date",
    "author",
    "organisation",
    "text",
    "link",
    "territory",
    "useful",
    "number",
)


def csv_rows(ctx: Ctx, digest: Digest) -> list[list[object]]:
    """One row per highlight and theme (a highlight with two themes appears twice)."""
    rows: list[list[object]] = []
    for theme in digest.themes:
        for item in theme.items:
            highlight = item.highlight
            rows.append(
                [
                    theme_title(ctx, theme),
                    ctx.local(highlight.created_at).strftime("%Y-%m-%d %H:%M"),
                    highlight.author_name,
                    organisation_of(highlight),
                    highlight.text,
                    highlight.link or "",
                    highlight.territory or "",
                    item.useful,
                    item.id,
                ]
            )
    return rows


def compact_blocks(ctx: Ctx, digest: Digest) -> list[Block] | None:
    """A few lines for a meeting reminder: each theme, its count and its organisations."""
    if not digest.items:
        return None
    lines = [
        f"• *{theme_title(ctx, theme)}* ({len(theme.items)}) — "
        + ", ".join(name for name, _ in theme.organisations())
        for theme in digest.themes
    ]
    heading = ctx.t(
        "highlights.reminder_heading", date=ctx.when(digest.since), count=len(digest.items)
    )
    return [
        Section(f"*{heading}*\n" + "\n".join(lines)),
        Context((ctx.t("highlights.reminder_hint"),)),
    ]
