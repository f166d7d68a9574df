"""The récolte's Markdown and CSV files, written theme by theme as its rows are read: every
text in full, for the meeting's notes and for a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.ctx import Ctx
from bot.exports import CsvFile, MarkdownFile
from bot.features.highlights.digest import Digest, Theme
from bot.features.highlights.store_harvest import Row
from bot.messages import Attachment
from bot.text import markdown_escape
from bot.when_format import format_day, format_time

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


def csv_header(ctx: Ctx) -> list[str]:
    """The CSV's column names, in the person's language."""
    return [ctx.t(f"highlights.csv.{name}") for name in CSV_COLUMNS]


class Stamps:
    """``ctx.when`` for many instants: each local day is written once."""

    def __init__(self, ctx: Ctx) -> None:
        self.tz, self.language = ctx.tz, ctx.language
        self.joiner = " at " if ctx.language == "en" else " à "
        self.days: dict[date, str] = {}

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(self.tz)

    def when(self, local: datetime) -> str:
        """« lundi 5 octobre 2026 à 14 h » for an instant already in local time."""
        day = local.date()
        text = self.days.get(day)
        if text is None:
            text = self.days[day] = format_day(local, self.language)
        return text + self.joiner + format_time(local, self.language)


class HarvestFiles:
    """The two files of a récolte, written as ``add`` receives each theme's rows."""

    def __init__(self, ctx: Ctx, digest: Digest, title: str, summary: str) -> None:
        stem = ctx.t("highlights.file_stem") + "-" + ctx.local(digest.until).strftime("%Y-%m-%d")
        self.ctx, self.stamps = ctx, Stamps(ctx)
        self.markdown = MarkdownFile(f"{stem}.md")
        self.table = CsvFile(f"{stem}.csv", csv_header(ctx))
        self.markdown.write([f"# {title}", "", f"_{summary}_", ""])
        # the templates of each line, read once
        self.said = ctx.t("highlights.said")
        self.useful = ctx.t("highlights.useful_short")
        self.territory = ctx.t("highlights.field_territory")
        self.link = ctx.t("highlights.field_link")

    def begin(self, theme: Theme, heading: str) -> None:
        self.markdown.write([f"## {heading}", ""])

    def add(self, theme_title: str, rows: Sequence[Row]) -> None:
        """One chunk of a theme's rows, in the récolte's order."""
        lines: list[str] = []
        table: list[list[object]] = []
        said, when, local = self.said, self.stamps.when, self.stamps.local
        for number, created, author, organisation, text, link, territory, useful in rows:
            stamp = local(created)
            who = f"{author} — {organisation}" if organisation else author
            body = markdown_escape(text).replace("\n", "\n  ")
            lines.append(
                f"- **{when(stamp)}** — " + said.format(who=markdown_escape(who), text=body)
            )
            details = []
            if territory:
                details.append(said.format(who=self.territory, text=markdown_escape(territory)))
            if link:
                details.append(said.format(who=self.link, text=f"<{link}>"))
            details.append(self.useful.format(count=useful))
            lines.append("  " + " · ".join(details))
            table.append(
                [
                    theme_title,
                    stamp.strftime("%Y-%m-%d %H:%M"),
                    author,
                    organisation or author,
                    text,
                    link or "",
                    territory or "",
                    useful,
                    number,
                ]
            )
        self.markdown.write(lines)
        self.table.write(table)

    def end(self, organisations: str) -> None:
        """After a theme's rows: its organisations."""
        self.markdown.write(["", f"_{organisations}_", ""])

    def attachments(self) -> list[Attachment]:
        return [self.markdown.attachment(), self.table.attachment()]
