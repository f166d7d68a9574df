"""How a meeting is shown: its card (updated in place), RSVP counts, quorum, trio, agenda."""

from __future__ import annotations

from sqlmodel import col, func, select

from bot import hooks
from bot.ctx import Ctx
from bot.features.meetings.common import CANCELLED
from bot.messages import Actions, Block, Button, Context, Header, Message, Section, Style
from bot.text import plural_key
from storage.models.meetings import AgendaItem, Meeting, Rsvp, TrioSeat

ANSWERS = ("present", "absent", "delegated")
ROLES = ("animation", "synthese", "observation")
ANSWER_CODES = {"p": "present", "a": "absent", "d": "delegated"}


def card_key(meeting_id: int | None) -> str:
    return f"meetings.meeting:{meeting_id}"


def title_of(ctx: Ctx, meeting: Meeting) -> str:
    return meeting.title or ctx.t("meetings.default_title")


async def rsvp_counts(ctx: Ctx, meeting_id: int) -> dict[str, int]:
    """How many answered present, absent, delegated (SQL COUNT, exact under concurrency)."""
    statement = (
        select(Rsvp.answer, func.count())
        .where(Rsvp.workspace == ctx.workspace, Rsvp.meeting_id == meeting_id)
        .group_by(col(Rsvp.answer))
    )
    counts = {answer: 0 for answer in ANSWERS}
    for answer, count in (await ctx.session.exec(statement)).all():
        counts[answer] = int(count)
    return counts


async def rsvp_people(ctx: Ctx, meeting_id: int) -> list[Rsvp]:
    statement = select(Rsvp).where(Rsvp.workspace == ctx.workspace, Rsvp.meeting_id == meeting_id)
    return list((await ctx.session.exec(statement.order_by(col(Rsvp.id)))).all())


def rsvp_line(ctx: Ctx, counts: dict[str, int]) -> str:
    return ctx.t(
        "meetings.rsvp_counts",
        present=counts["present"],
        absent=counts["absent"],
        delegated=counts["delegated"],
    )


def quorum_line(ctx: Ctx, counts: dict[str, int]) -> str | None:
    """« Quorum : 5 sur 6 — il manque 1 présence ou délégation » when the workspace set a
    quorum; delegations count as present."""
    quorum = int(ctx.setting("quorum") or 0)
    if not quorum:
        return None
    present = counts["present"] + counts["delegated"]
    if present >= quorum:
        key = plural_key("meetings.quorum_reached", present, ctx.language)
    else:
        key = plural_key("meetings.quorum_missing", quorum - present, ctx.language)
    return ctx.t(key, present=present, quorum=quorum, missing=max(0, quorum - present))


async def trio_seats(ctx: Ctx, meeting_id: int) -> dict[str, TrioSeat]:
    statement = select(TrioSeat).where(
        TrioSeat.workspace == ctx.workspace, TrioSeat.meeting_id == meeting_id
    )
    return {seat.role: seat for seat in (await ctx.session.exec(statement)).all()}


async def trio_lines(ctx: Ctx, meeting_id: int) -> list[str]:
    """One line per role: who, from which organisation, and whether they accepted."""
    seats = await trio_seats(ctx, meeting_id)
    if not seats:
        return []
    lines = []
    for role in ROLES:
        seat = seats.get(role)
        if seat is None or seat.user_id is None:
            who = ctx.t("meetings.trio_open")
        else:
            member = await ctx.member(seat.user_id)
            name = member.display_name if member else seat.user_id
            organisation = f" ({member.organisation})" if member and member.organisation else ""
            who = f"{name}{organisation} — {ctx.t('meetings.trio_status.' + seat.status)}"
        lines.append(ctx.t("meetings.trio_line", role=ctx.t("meetings.role." + role), who=who))
    return lines


async def agenda_items(ctx: Ctx, meeting_id: int) -> list[AgendaItem]:
    statement = select(AgendaItem).where(
        AgendaItem.workspace == ctx.workspace, AgendaItem.meeting_id == meeting_id
    )
    statement = statement.order_by(col(AgendaItem.position), col(AgendaItem.id))
    return list((await ctx.session.exec(statement)).all())


async def agenda_lines(ctx: Ctx, meeting_id: int) -> list[str]:
    return [f"{n}. {item.text}" for n, item in enumerate(await agenda_items(ctx, meeting_id), 1)]


async def agenda_extras(ctx: Ctx) -> list[str]:
    """Lines other features add under an agenda (vocab: terms « à discuter »)."""
    lines: list[str] = []
    for answer in await ctx.hook_safely(hooks.MEETING_AGENDA_EXTRAS):
        lines.extend(str(line) for line in answer)
    return lines


def rsvp_buttons(ctx: Ctx, meeting_id: int | None) -> Actions:
    return Actions(
        (
            Button(
                ctx.t("meetings.button_present"), "meetings.rsvp", f"{meeting_id}:p", Style.PRIMARY
            ),
            Button(ctx.t("meetings.button_absent"), "meetings.rsvp", f"{meeting_id}:a"),
            Button(ctx.t("meetings.button_delegated"), "meetings.rsvp", f"{meeting_id}:d"),
        )
    )


def where_text(ctx: Ctx, meeting: Meeting) -> str:
    return meeting.location or ctx.t("meetings.location_unknown")


async def details(ctx: Ctx, meeting: Meeting, *, agenda: bool) -> list[Block]:
    """Date, place, RSVP counts, quorum, trio and (optionally) the agenda."""
    counts = await rsvp_counts(ctx, meeting.id or 0)
    blocks: list[Block] = [
        Section(
            ctx.t(
                "meetings.when_where",
                when=ctx.when(meeting.starts_at),
                location=where_text(ctx, meeting),
            )
        )
    ]
    attendance = [rsvp_line(ctx, counts)]
    quorum = quorum_line(ctx, counts)
    if quorum:
        attendance.append(quorum)
    blocks.append(Section("\n".join(attendance)))
    trio = await trio_lines(ctx, meeting.id or 0)
    if trio:
        blocks.append(Section(ctx.t("meetings.trio_heading") + "\n" + "\n".join(trio)))
    if agenda:
        points = await agenda_lines(ctx, meeting.id or 0)
        text = "\n".join(points) if points else ctx.t("meetings.agenda_none", id=meeting.id)
        blocks.append(Section(ctx.t("meetings.agenda_heading") + "\n" + text))
    return blocks


async def meeting_card(ctx: Ctx, meeting: Meeting) -> Message:
    """The meeting's message in its channel, with RSVP buttons while answers are open."""
    title = title_of(ctx, meeting)
    if meeting.status == CANCELLED:
        header = ctx.t("meetings.card_cancelled", title=title)
    else:
        header = ctx.t("meetings.card_title", title=title)
    blocks: list[Block] = [Header(header), *await details(ctx, meeting, agenda=False)]
    blocks.append(Context((ctx.t("meetings.card_footer", id=meeting.id),)))
    if meeting.status != CANCELLED and meeting.starts_at > ctx.now:
        blocks.append(rsvp_buttons(ctx, meeting.id))
    return Message(
        blocks=blocks,
        text=f"{header} — {ctx.when(meeting.starts_at)}",
        key=card_key(meeting.id),
        channel=meeting.channel,
    )
