"""/rencontre planifier, liste, annuler, reporter: a meeting's life in its channel."""

from __future__ import annotations

import re

from sqlmodel import col, delete

from bot.ctx import Ctx
from bot.errors import FormInvalid, NotFound, UserError
from bot.features.meetings.calendar import meeting_ics
from bot.features.meetings.common import (
    CANCELLED,
    DRAFT,
    MAX_LOCATION,
    MAX_TITLE,
    PLANNED,
    checked_start,
    find_meeting,
    meeting_ref,
    pick_meeting,
    require_open,
    upcoming,
    value_id,
)
from bot.features.meetings.reminders import cancel_jobs, schedule_jobs
from bot.features.meetings.view import (
    card_key,
    meeting_card,
    rsvp_counts,
    rsvp_people,
    title_of,
    where_text,
)
from bot.messages import Actions, Button, Form, Message, Reply, Section, Style, TextInput, Update
from bot.router import registry
from bot.validation import checked_form, checked_text
from storage.models.meetings import Meeting

_SEPARATOR = re.compile(r"\s*\|\s*")


def split_plan(text: str) -> tuple[str, str, str]:
    """« jeudi 13 h 30 | Salle du conseil | Rencontre d'automne » → its three parts."""
    parts = [*_SEPARATOR.split(text.strip(), maxsplit=2), "", ""]
    return parts[0], parts[1], parts[2]


def optional_text(text: str, limit: int) -> str | None:
    text = text.strip()
    return checked_text(text, limit=limit, empty_key="meetings.missing_when") if text else None


async def draft(ctx: Ctx, when_text: str, location: str, title: str) -> Message:
    """Store the meeting as a draft and ask the person to confirm the date written in full."""
    starts = checked_start(ctx, when_text)
    meeting = Meeting(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        title=optional_text(title, MAX_TITLE),
        location=optional_text(location, MAX_LOCATION),
        starts_at=starts,
        status=DRAFT,
        created_by=ctx.user_id,
        created_at=ctx.now,
    )
    ctx.session.add(meeting)
    await ctx.session.flush()
    question = ctx.t(
        "meetings.confirm_question",
        title=title_of(ctx, meeting),
        when=ctx.when(starts),
        location=where_text(ctx, meeting),
    )
    buttons = Actions(
        (
            Button(
                ctx.t("meetings.button_confirm"), "meetings.confirm", str(meeting.id), Style.PRIMARY
            ),
            Button(ctx.t("meetings.button_discard"), "meetings.discard", str(meeting.id)),
        )
    )
    return Message(blocks=[Section(question), buttons], text=question, ephemeral=True)


def plan_form(ctx: Ctx) -> Form:
    return Form(
        "meetings.plan",
        ctx.t("meetings.form_title"),
        [
            TextInput(
                "quand",
                ctx.t("meetings.form_when"),
                max_length=200,
                placeholder=ctx.t("meetings.form_when_hint"),
            ),
            TextInput(
                "lieu", ctx.t("meetings.form_location"), required=False, max_length=MAX_LOCATION
            ),
            TextInput(
                "titre", ctx.t("meetings.form_title_field"), required=False, max_length=MAX_TITLE
            ),
        ],
        ctx.t("meetings.form_submit"),
    )


@registry.command(
    "rencontre",
    "planifier",
    aliases=("plan", "nouvelle", "schedule"),
    help="meetings.help.planifier",
)
async def plan(ctx: Ctx, text: str) -> Reply:
    """Coordinators plan a meeting of the channel (a form when nothing is typed)."""
    ctx.require_coordinator()
    if not text.strip():
        return plan_form(ctx)
    return await draft(ctx, *split_plan(text))


@registry.form("meetings.plan")
async def plan_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    ctx.require_coordinator()
    fields = checked_form(
        values, {"quand": 200, "lieu": MAX_LOCATION, "titre": MAX_TITLE}, {"quand"}
    )
    try:
        return await draft(ctx, fields["quand"], fields["lieu"], fields["titre"])
    except UserError as error:
        if error.key.startswith("when.") or error.key in {"meetings.too_far"}:
            raise FormInvalid({"quand": (error.key, error.params)}) from None
        raise


async def own_draft(ctx: Ctx, value: str) -> Meeting:
    """The draft named by an (untrusted) button value, if this person may decide on it."""
    ctx.require_coordinator()
    meeting = await find_meeting(ctx, value_id(value))
    if meeting is None or (meeting.status == DRAFT and meeting.created_by != ctx.user_id):
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    if meeting.status != DRAFT:
        raise UserError("meetings.already_confirmed", id=meeting.id)
    return meeting


@registry.action("meetings.confirm")
async def confirm(ctx: Ctx, value: str) -> Reply:
    """The draft becomes a meeting: card posted in the channel, reminders scheduled."""
    meeting = await own_draft(ctx, value)
    if meeting.starts_at <= ctx.now:
        raise UserError("meetings.draft_expired")
    meeting.status = PLANNED
    ctx.session.add(meeting)
    await schedule_jobs(ctx, meeting)
    card = await meeting_card(ctx, meeting)
    card.files = [await meeting_ics(ctx, meeting)]
    done = ctx.t("meetings.planned", id=meeting.id, when=ctx.when(meeting.starts_at))
    return [Message(blocks=[Section(done)], text=done, ephemeral=True), card]


@registry.action("meetings.discard")
async def discard(ctx: Ctx, value: str) -> Reply:
    meeting = await own_draft(ctx, value)
    await ctx.session.exec(
        delete(Meeting).where(  # type: ignore[call-overload]
            col(Meeting.id) == meeting.id, Meeting.workspace == ctx.workspace
        )
    )
    return Message(blocks=[Section(ctx.t("meetings.draft_discarded"))], ephemeral=True)


@registry.command("rencontre", "liste", aliases=("list", "prochaines"), help="meetings.help.liste")
async def list_meetings(ctx: Ctx, text: str) -> Message:
    """The channel's upcoming meetings with their RSVP counts."""
    meetings = await upcoming(ctx)
    if not meetings:
        return Message(blocks=[Section(ctx.t("meetings.none_upcoming"))], ephemeral=True)
    lines = []
    for meeting in meetings:
        counts = await rsvp_counts(ctx, meeting.id or 0)
        lines.append(
            ctx.t(
                "meetings.list_line",
                id=meeting.id,
                title=title_of(ctx, meeting),
                when=ctx.when(meeting.starts_at),
                location=where_text(ctx, meeting),
                present=counts["present"],
                absent=counts["absent"],
                delegated=counts["delegated"],
            )
        )
    heading = ctx.t("meetings.list_title", count=len(meetings))
    return Message(
        blocks=[Section(heading + "\n" + "\n".join(lines))], text=heading, ephemeral=True
    )


async def names_of_answers(ctx: Ctx, meeting: Meeting) -> str:
    """Display names of the people who answered the RSVP (names, never pings)."""
    names = [await ctx.display_name(r.user_id) for r in await rsvp_people(ctx, meeting.id or 0)]
    return ", ".join(names)


async def notice(ctx: Ctx, meeting: Meeting, key: str, **params: object) -> Message:
    """A channel message about a change, naming those who answered, with the new .ics."""
    text = ctx.t(key, id=meeting.id, title=title_of(ctx, meeting), **params)
    names = await names_of_answers(ctx, meeting)
    if names:
        text += "\n" + ctx.t("meetings.told_people", names=names)
    return Message(
        blocks=[Section(text)],
        text=text,
        channel=meeting.channel,
        files=[await meeting_ics(ctx, meeting)],
    )


async def announce_change(ctx: Ctx, meeting: Meeting, key: str, **params: object) -> Reply:
    """A new version of the meeting (calendars update): its card, and a notice in the channel."""
    meeting.sequence += 1
    ctx.session.add(meeting)
    return [
        Update(card_key(meeting.id), await meeting_card(ctx, meeting)),
        await notice(ctx, meeting, key, **params),
    ]


@registry.command("rencontre", "annuler", aliases=("cancel",), help="meetings.help.annuler")
async def cancel(ctx: Ctx, text: str) -> Message:
    """Coordinators are asked to confirm: cancelling tells everyone who answered."""
    ctx.require_coordinator()
    words = text.split()  # not split_args: its shlex drops « #12 » as a comment
    meeting = await pick_meeting(ctx, words, bare=True)
    if words:
        raise ctx.usage_error()
    require_open(ctx, meeting)
    question = ctx.t(
        "meetings.cancel_question",
        id=meeting.id,
        title=title_of(ctx, meeting),
        when=ctx.when(meeting.starts_at),
        count=len(await rsvp_people(ctx, meeting.id or 0)),
    )
    yes = ctx.t("meetings.button_cancel_yes")
    buttons = Actions(
        (
            Button(yes, "meetings.cancel", str(meeting.id), Style.DANGER),
            Button(ctx.t("meetings.button_cancel_no"), "meetings.keep", str(meeting.id)),
        )
    )
    return Message(blocks=[Section(question), buttons], text=question, ephemeral=True)


async def open_meeting(ctx: Ctx, value: str) -> Meeting:
    """The planned meeting named by an (untrusted) button value, still open to changes."""
    meeting = await find_meeting(ctx, value_id(value))
    if meeting is None or meeting.status == DRAFT:
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    require_open(ctx, meeting)
    return meeting


@registry.action("meetings.cancel")
async def cancel_confirmed(ctx: Ctx, value: str) -> Reply:
    """The meeting is cancelled: its reminders never fire, those who answered are told."""
    ctx.require_coordinator()
    meeting = await open_meeting(ctx, value)
    meeting.status = CANCELLED
    await cancel_jobs(ctx, meeting)
    return await announce_change(
        ctx, meeting, "meetings.cancelled", when=ctx.when(meeting.starts_at)
    )


@registry.action("meetings.keep")
async def keep(ctx: Ctx, value: str) -> Message:
    meeting = await open_meeting(ctx, value)
    return Message(blocks=[Section(ctx.t("meetings.kept", id=meeting.id))], ephemeral=True)


@registry.command(
    "rencontre", "reporter", aliases=("deplacer", "move"), help="meetings.help.reporter"
)
async def reschedule(ctx: Ctx, text: str) -> Reply:
    """Coordinators move a meeting: the same reminders move with it, people are told."""
    ctx.require_coordinator()
    first, _, rest = text.strip().partition(" ")
    meeting_id = meeting_ref(first)
    if meeting_id is None:
        meeting = await pick_meeting(ctx, [])
        rest = text
    else:
        meeting = await pick_meeting(ctx, [first])
    if not rest.strip():
        raise ctx.usage_error()
    require_open(ctx, meeting)
    starts = checked_start(ctx, rest)
    if starts == meeting.starts_at:
        raise UserError("meetings.same_date", when=ctx.when(starts))
    before = ctx.when(meeting.starts_at)
    meeting.starts_at = starts
    await schedule_jobs(ctx, meeting)
    return await announce_change(
        ctx, meeting, "meetings.rescheduled", before=before, when=ctx.when(starts)
    )


@registry.command("rencontre", "", help="meetings.help.default")
async def default(ctx: Ctx, text: str) -> Reply:
    """``/rencontre`` alone lists the upcoming meetings; anything else is explained."""
    if text.strip():
        raise ctx.unknown_subcommand(text)
    return await list_meetings(ctx, "")
