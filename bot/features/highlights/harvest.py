"""``/faitsaillant recolte``: on demand, weekly or monthly, and in meeting reminders."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select

from bot import hooks
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.highlights.digest import (
    collect,
    compact_blocks,
    default_since,
    default_start,
    digest_message,
)
from bot.features.highlights.feature import feature
from bot.features.highlights.parsing import read_harvest_options
from bot.features.highlights.recurrence import (
    WEEKLY,
    Recurrence,
    next_occurrence,
    parse_recurrence,
    previous_occurrence,
)
from bot.messages import Block, Message, Reply, Section, text_message
from bot.text import fold
from bot.when import format_time
from bot.when_format import weekday_name
from storage.models import Job

JOB_KIND = hooks.HIGHLIGHTS_HARVEST
STOP_WORDS = {"arret", "stop", "off", "fin", "aucun", "none"}


def auto_key(channel: str, due: datetime | None = None) -> str:
    """Job key of a channel's automatic récolte; one pending row per channel at a time."""
    prefix = f"auto:{channel[:150]}:"
    return prefix + (str(int(due.timestamp())) if due else "")


@feature.command(
    "faitsaillant",
    "recolte",
    aliases=("récolte", "harvest", "digest"),
    help="highlights.help.recolte",
)
async def harvest(ctx: Ctx, text: str) -> Reply:
    """The récolte since a date (default: since the last meeting, else 30 days)."""
    first, _, rest = text.strip().partition(" ")
    if fold(first) in {"auto", "automatique"}:
        return await automatic(ctx, rest.strip())
    options = read_harvest_options(text)
    if options.since_text:
        if fold(options.since_text.split()[0]) not in {"depuis", "since"}:
            raise UserError("highlights.harvest_unknown_words", words=options.since_text[:60])
        since = ctx.parse_since(options.since_text)
    else:
        since = await default_since(ctx)
    digest = await collect(ctx, since, by_useful=options.by_useful)
    if not digest.items:
        return text_message(ctx.t("highlights.harvest_empty", date=ctx.when(since)))
    return digest_message(ctx, digest, ctx.t("highlights.harvest_title"))


# -- automatic récolte ---------------------------------------------------------------------
async def automatic(ctx: Ctx, text: str) -> Reply:
    """``auto hebdo lundi 9h`` / ``auto mensuel 1 9h`` / ``auto arret`` / ``auto`` (show)."""
    if not text:
        return await show_schedules(ctx)
    ctx.require_coordinator()
    if fold(text) in STOP_WORDS:
        stopped = await ctx.cancel_jobs(JOB_KIND, auto_key(ctx.place.channel))
        if not stopped:
            raise UserError("highlights.auto_none_here")
        return Message(
            blocks=[Section(ctx.t("highlights.auto_stopped"))],
            text=ctx.t("highlights.auto_stopped"),
        )
    recurrence = parse_recurrence(text)
    await ctx.cancel_jobs(JOB_KIND, auto_key(ctx.place.channel))
    due = next_occurrence(recurrence, ctx.now, ctx.timezone)
    payload = {**recurrence.as_payload(), "since": None}
    await ctx.schedule(JOB_KIND, auto_key(ctx.place.channel, due), due, payload, ctx.place.channel)
    notice = ctx.t("highlights.auto_set", rhythm=describe(ctx, recurrence), next=ctx.when(due))
    return Message(blocks=[Section(notice)], text=notice)


SHORTEST_MONTH = 28


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


async def pending_schedules(ctx: Ctx) -> list[Job]:
    statement = (
        select(Job)
        .where(Job.workspace == ctx.workspace, Job.kind == JOB_KIND, Job.status == "pending")
        .order_by(col(Job.channel))
    )
    return list((await ctx.session.exec(statement)).all())


async def show_schedules(ctx: Ctx) -> Reply:
    jobs = await pending_schedules(ctx)
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


@feature.job(JOB_KIND)
async def run_automatic(ctx: Ctx, job: Job) -> Reply:
    """Post the récolte since the previous run, then schedule the next one."""
    payload: dict[str, Any] = json.loads(job.payload)
    recurrence = Recurrence.from_payload(payload)
    since = (
        datetime.fromisoformat(payload["since"]).astimezone(UTC)
        if payload.get("since")
        else previous_occurrence(recurrence, job.due_at, ctx.timezone)
    )
    due = next_occurrence(recurrence, ctx.now, ctx.timezone)
    await ctx.schedule(
        JOB_KIND,
        auto_key(job.channel, due),
        due,
        {**recurrence.as_payload(), "since": ctx.now.isoformat()},
        job.channel,
    )
    frequency = "weekly" if recurrence.frequency == WEEKLY else "monthly"
    title = ctx.t(f"highlights.auto_title.{frequency}")
    digest = await collect(ctx, since)
    if not digest.items:
        notice = ctx.t("highlights.auto_empty", title=title, date=ctx.when(since))
        return Message(blocks=[Section(notice)], text=notice)
    return digest_message(ctx, digest, title)


@feature.hook(hooks.MEETING_REMINDER_SECTIONS)
async def reminder_sections(
    ctx: Ctx, since: datetime | None, meeting_start: datetime | None = None
) -> list[Block] | None:
    """The récolte since ``since`` (else 30 days), compact; None without highlights."""
    digest = await collect(ctx, since or default_start(ctx))
    return compact_blocks(ctx, digest)
