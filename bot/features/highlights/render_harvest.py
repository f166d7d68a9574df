"""How a récolte looks in the channel and in a meeting reminder (its files: harvest_files.py);
its rhythm."""

from __future__ import annotations

import json
from datetime import datetime

from bot.ctx import Ctx
from bot.features.highlights.digest import Digest, Theme
from bot.features.highlights.recurrence import WEEKLY, Recurrence
from bot.features.highlights.render import list_line
from bot.messages import (
    Attachment,
    Block,
    Context,
    Divider,
    Header,
    Message,
    Section,
    text_message,
    too_long,
)
from bot.text import markdown_escape
from bot.when import format_time
from bot.when_format import weekday_name
from storage.models import Job

LINES_PER_THEME = 10
SUMMARY_THEMES = 30  # themes named in the summary of a long récolte
SHORTEST_MONTH = 28


def theme_title(ctx: Ctx, theme: Theme) -> str:
    """« #emploi », or « Sans thème »."""
    return f"#{theme.label}" if theme.key else ctx.t("highlights.no_theme")


def theme_heading(ctx: Ctx, theme: Theme) -> str:
    """« #emploi (3) »: a theme's title and its number of highlights."""
    return ctx.t("highlights.theme_heading", theme=theme_title(ctx, theme), count=theme.count)


def organisations_line(ctx: Ctx, theme: Theme, escape: bool = False) -> str:
    """« Organismes : CDC (2), CLD (1) » (escaped for Markdown when ``escape``)."""
    names = ", ".join(
        f"{markdown_escape(name) if escape else name} ({n})" for name, n in theme.organisations()
    )
    return ctx.t("highlights.theme_organisations", names=names)


def summary(ctx: Ctx, digest: Digest) -> str:
    """The period, and how many highlights, themes, people and organisations."""
    return ctx.t(
        "highlights.digest_summary",
        since=ctx.when(digest.since),
        until=ctx.when(digest.until),
        count=digest.count,
        themes=len(digest.themes),
        people=digest.people,
        organisations=digest.organisations,
    )


def digest_message(ctx: Ctx, digest: Digest, title: str, files: list[Attachment]) -> Message:
    """The récolte posted in the channel (each theme's first lines), with its ``files``."""
    blocks: list[Block] = [Header(title), Context((summary(ctx, digest),))]
    for theme in digest.themes:
        lines = [list_line(ctx, item) for item in theme.first[:LINES_PER_THEME]]
        hidden = theme.count - LINES_PER_THEME
        if hidden > 0:
            lines.append(ctx.tn("highlights.digest_more", hidden))
        blocks += [
            Divider(),
            Section(f"*{theme_heading(ctx, theme)}*\n" + "\n".join(lines)),
            Context((organisations_line(ctx, theme),)),
        ]
    if digest.by_useful:
        blocks.append(Context((ctx.t("highlights.sorted_by_useful"),)))
    message = Message(blocks=blocks, text=f"{title} — {summary(ctx, digest)}", files=files)
    return summarised(ctx, digest, message, title) if too_long(message) else message


def summarised(ctx: Ctx, digest: Digest, full: Message, title: str) -> Message:
    """A récolte that would take more than three messages: its summary, each theme's count,
    and the full text in the attached files."""
    themes = [theme_heading(ctx, theme) for theme in digest.themes]
    shown = themes[:SUMMARY_THEMES]
    if len(themes) > SUMMARY_THEMES:
        shown.append(ctx.tn("highlights.digest_more_themes", len(themes) - SUMMARY_THEMES))
    blocks: list[Block] = [
        Header(title),
        Context((summary(ctx, digest),)),
        Section(" · ".join(shown)),
        Context((ctx.t("highlights.digest_in_file"),)),
    ]
    return Message(blocks=blocks, text=full.text, files=full.files)


def compact_blocks(ctx: Ctx, digest: Digest) -> list[Block] | None:
    """A few lines for a meeting reminder: each theme, its count and its organisations."""
    if not digest.count:
        return None
    lines = [
        f"• *{theme_title(ctx, theme)}* ({theme.count}) — "
        + ", ".join(name for name, _ in theme.organisations())
        for theme in digest.themes
    ]
    heading = ctx.t("highlights.reminder_heading", date=ctx.when(digest.since), count=digest.count)
    return [
        Section(f"*{heading}*\n" + "\n".join(lines)),
        Context((ctx.t("highlights.reminder_hint"),)),
    ]


# -- automatic récoltes ----------------------------------------------------------------------
def describe(ctx: Ctx, recurrence: Recurrence) -> str:
    """« chaque lundi à 9 h » / « le 1er de chaque mois à 9 h »."""
    at = format_time(datetime(2000, 1, 1, recurrence.hour, recurrence.minute), ctx.language)
    if recurrence.frequency == WEEKLY:
        day = weekday_name(recurrence.weekday or 0, ctx.language)
        return ctx.t("highlights.every_week", weekday=day, time=at)
    key = "highlights.every_month"
    if recurrence.day == 1:
        key = "highlights.every_month_first"
    elif recurrence.day > SHORTEST_MONTH:
        key = "highlights.every_month_late"  # short months use their last day
    return ctx.t(key, day=recurrence.day, time=at)


def auto_set(ctx: Ctx, recurrence: Recurrence, due: datetime) -> Message:
    """The automatic récolte is planned: its rhythm and its next run, for the channel."""
    text = ctx.t("highlights.auto_set", rhythm=describe(ctx, recurrence), next=ctx.when(due))
    return text_message(text, ephemeral=False)


def auto_title(ctx: Ctx, recurrence: Recurrence) -> str:
    """« Récolte de la semaine » / « Récolte du mois »."""
    frequency = "weekly" if recurrence.frequency == WEEKLY else "monthly"
    return ctx.t(f"highlights.auto_title.{frequency}")


def schedules_message(ctx: Ctx, jobs: list[Job]) -> Message:
    """The automatic récoltes planned, one line per channel."""
    if not jobs:
        return text_message(ctx.t("highlights.auto_none"))
    lines = [
        ctx.t(
            "highlights.auto_line",
            channel=job.channel,
            rhythm=describe(ctx, Recurrence.from_payload(json.loads(job.payload))),
            next=ctx.when(job.due_at),
        )
        for job in jobs
    ]
    return text_message(ctx.t("highlights.auto_list") + "\n" + "\n".join(lines))
