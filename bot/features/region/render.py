"""/outarde region's messages: pure (data in, neutral messages out)."""

from __future__ import annotations

import json
from datetime import datetime

from bot.ctx import Ctx
from bot.hooks import SharedHighlight, SharedMeeting, SharedTerm, SharedTrend
from bot.messages import Attachment, Block, Context, Header, Message, Section
from storage.models import Job
from storage.models.region import Region, RegionMember

LIST_LIMIT = 30  # lines per table in one view: Slack and Discord split the rest


def created(ctx: Ctx, region: Region) -> Message:
    text = ctx.t("region.created", region=region.name, code=region.code)
    return Message([Header(region.name), Section(text)], text, ephemeral=False)


def hub_status(ctx: Ctx, region: Region, members: list[RegionMember]) -> Message:
    blocks: list[Block] = [Header(ctx.t("region.hub_title", region=region.name))]
    blocks.append(Section(ctx.t("region.hub_code", code=region.code)))
    lines = [
        ctx.t(
            "region.member_line" if m.status == "member" else "region.pending_line",
            number=m.id,
            table=m.table_name,
            theme=m.theme_label,
        )
        for m in members
    ]
    blocks.append(Section("\n".join(lines) or ctx.t("region.no_tables")))
    blocks.append(Context((ctx.t("region.hub_help"),)))
    return Message(blocks, ctx.t("region.hub_title", region=region.name), ephemeral=True)


def table_status(ctx: Ctx, member: RegionMember | None, region: Region | None) -> Message:
    if member is None or region is None:
        text = ctx.t("region.alone")
    elif member.status != "member":
        text = ctx.t("region.waiting", region=region.name)
    else:
        text = ctx.t("region.joined", region=region.name, theme=member.theme_label)
    return Message([Section(text)], text, ephemeral=True)


def _table_blocks(ctx: Ctx, member: RegionMember, lines: list[str], empty: str) -> list[Block]:
    shown = lines[:LIST_LIMIT]
    if len(lines) > LIST_LIMIT:
        shown.append(ctx.t("region.more", count=len(lines) - LIST_LIMIT))
    return [Section(f"*{member.table_name}*\n" + ("\n".join(shown) or empty))]


def highlights(
    ctx: Ctx, found: list[tuple[RegionMember, list[SharedHighlight]]], since: datetime
) -> Message:
    title = ctx.t("region.highlights_title", since=ctx.when(since))
    blocks: list[Block] = [Header(title)]
    for member, shared in found:
        lines = [f"• {h.text} — _{h.organisation}_" for h in shared]
        empty = ctx.t("region.no_highlights", theme=member.theme_label)
        blocks.extend(_table_blocks(ctx, member, lines, empty))
    if not found:
        blocks.append(Section(ctx.t("region.no_tables")))
    return Message(blocks, title, ephemeral=True)


def calendar(
    ctx: Ctx, found: list[tuple[RegionMember, SharedMeeting]], *, with_file: bool
) -> Message:
    title = ctx.t("region.calendar_title")
    lines = [
        ctx.t(
            "region.meeting_line",
            when=ctx.when(m.starts_at),
            table=member.table_name,
            title=m.title or ctx.t("region.untitled"),
            location=m.location or "—",
        )
        for member, m in found
    ]
    text = "\n".join(lines[: LIST_LIMIT * 3]) or ctx.t("region.no_meetings")
    files = [ics(ctx, found)] if with_file else []
    return Message([Header(title), Section(text)], title, ephemeral=True, files=files)


def ics(ctx: Ctx, found: list[tuple[RegionMember, SharedMeeting]]) -> Attachment:
    """The combined calendar as an iCalendar file (each meeting named with its table)."""
    from icalendar import Calendar, Event  # loaded with the first calendar

    cal = Calendar()
    cal.add("prodid", "-//Outarde//region//FR")
    cal.add("version", "2.0")
    for member, meeting in found:
        event = Event()
        event.add("uid", f"{member.workspace}-{meeting.starts_at:%Y%m%dT%H%M}@outarde")
        event.add("summary", f"{member.table_name} — {meeting.title or ctx.t('region.untitled')}")
        event.add("dtstart", meeting.starts_at)
        event.add("dtstamp", ctx.now)
        if meeting.location:
            event.add("location", meeting.location)
        cal.add_component(event)
    return Attachment("region.ics", cal.to_ical(), "text/calendar")


def glossary(ctx: Ctx, found: list[tuple[RegionMember, list[SharedTerm]]]) -> Message:
    title = ctx.t("region.glossary_title")
    blocks: list[Block] = [Header(title)]
    for member, terms in found:
        lines = [
            f"• *{t.term}* : {t.definition}"
            + (f" _({ctx.t('region.from', source=t.source)})_" if t.source else "")
            for t in terms
        ]
        blocks.extend(_table_blocks(ctx, member, lines, ctx.t("region.no_terms")))
    if not found:
        blocks.append(Section(ctx.t("region.no_tables")))
    return Message(blocks, title, ephemeral=True)


def trends(ctx: Ctx, found: list[tuple[RegionMember, list[SharedTrend]]]) -> Message:
    title = ctx.t("region.trends_title")
    blocks: list[Block] = [Header(title)]
    for member, shared in found:
        lines = [
            ctx.t(
                "region.trend_line",
                criterion=t.criterion,
                average=decimal(ctx, t.average),
                count=t.evaluations,
            )
            for t in shared
        ]
        blocks.extend(_table_blocks(ctx, member, lines, ctx.t("region.no_trends")))
    if not found:
        blocks.append(Section(ctx.t("region.no_tables")))
    blocks.append(Context((ctx.t("region.trends_threshold"),)))
    return Message(blocks, title, ephemeral=True)


def decimal(ctx: Ctx, value: float) -> str:
    """« 3,5 » in French, « 3.5 » in English."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if ctx.language == "fr" else text


def announcement(ctx: Ctx, job: Job) -> Message:
    payload = json.loads(job.payload or "{}")
    title = ctx.t("region.announcement_title", region=payload.get("region", ""))
    text = str(payload.get("text", ""))
    return Message([Header(title), Section(text)], f"{title} : {text}", ephemeral=False)


def request(ctx: Ctx, job: Job) -> Message:
    payload = json.loads(job.payload or "{}")
    text = ctx.t("region.request", table=payload.get("table", ""), number=payload.get("number"))
    return Message([Section(text)], text, ephemeral=False)
