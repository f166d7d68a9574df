"""/rencontre planifier, liste, annuler, reporter: a meeting's life in its channel."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlmodel import col, delete, select

from bot import hooks
from bot.ctx import Ctx
from bot.errors import FormInvalid, NotFound, UserError
from bot.features.meetings.calendar import meeting_ics
from bot.features.meetings.common import (
    CANCELLED,
    DRAFT,
    MAX_LOCATION,
    MAX_TITLE,
    PLANNED,
    channel_meeting,
    checked_start,
    find_meeting,
    meeting_ref,
    next_meeting,
    pick_meeting,
    require_open,
    upcoming,
    value_id,
)
from bot.features.meetings.feature import feature
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
from bot.validation import checked_form, checked_text
from storage.models import Job
from storage.models.meetings import Meeting

_SEPARATOR = re.compile(r"\s*\|\s*")
QUESTION = hooks.MEETING_CANCEL_QUESTION  # a pending « cancel? » question, as a job
QUESTION_LIFETIME = timedelta(hours=1)
FORM_FIELDS = {"when.": "quand", "meetings.too_far": "quand", "meetings.missing_when": "quand"}
FORM_FIELDS |= {f"meetings.{kind}_location": "lieu" for kind in ("empty", "too_long")}
FORM_FIELDS |= {f"meetings.{kind}_title": "titre" for kind in ("empty", "too_long")}


def split_plan(text: str) -> tuple[str, str, str]:
    """« jeudi 13 h 30 | Salle du conseil | Rencontre d'automne » → its three parts."""
    parts = [*_SEPARATOR.split(text.strip(), maxsplit=2), "", ""]
    return parts[0], parts[1], parts[2]


def optional_text(text: str, limit: int, field: str) -> str | None:
    """The place or title (``field``: ``location`` or ``title``), None when not given."""
    text = text.strip()
    if not text:
        return None
    return checked_text(
        text,
        limit=limit,
        empty_key=f"meetings.empty_{field}",
        too_long_key=f"meetings.too_long_{field}",
    )


async def draft(ctx: Ctx, when_text: str, location: str, title: str) -> Message:
    """Store the meeting as a draft and ask the person to confirm the date written in full."""
    starts = checked_start(ctx, when_text)
    meeting = Meeting(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        title=optional_text(title, MAX_TITLE, "title"),
        location=optional_text(location, MAX_LOCATION, "location"),
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


@feature.command(
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


@feature.form("meetings.plan")
async def plan_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    ctx.require_coordinator()
    fields = checked_form(
        values, {"quand": 200, "lieu": MAX_LOCATION, "titre": MAX_TITLE}, {"quand"}
    )
    try:
        return await draft(ctx, fields["quand"], fields["lieu"], fields["titre"])
    except UserError as error:
        field = FORM_FIELDS.get(error.key) or FORM_FIELDS.get(error.key.split(".")[0] + ".")
        if field:
            raise FormInvalid({field: (error.key, error.params)}) from None
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


@feature.action("meetings.confirm")
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


@feature.action("meetings.discard")
async def discard(ctx: Ctx, value: str) -> Reply:
    meeting = await own_draft(ctx, value)
    await ctx.session.exec(
        delete(Meeting).where(  # type: ignore[call-overload]
            col(Meeting.id) == meeting.id, Meeting.workspace == ctx.workspace
        )
    )
    return Message(blocks=[Section(ctx.t("meetings.draft_discarded"))], ephemeral=True)


@feature.command("rencontre", "liste", aliases=("list", "prochaines"), help="meetings.help.liste")
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


@feature.command("rencontre", "annuler", aliases=("cancel",), help="meetings.help.annuler")
async def cancel(ctx: Ctx, text: str) -> Message:
    """Coordinators are asked to confirm: cancelling tells everyone who answered."""
    ctx.require_coordinator()
    words = text.split()  # not split_args: its shlex drops « #12 » as a comment
    meeting = await pick_meeting(ctx, words)
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
    value = await ask_cancel(ctx, meeting)
    yes = ctx.t("meetings.button_cancel_yes")
    buttons = Actions(
        (
            Button(yes, "meetings.cancel", value, Style.DANGER),
            Button(ctx.t("meetings.button_cancel_no"), "meetings.keep", value),
        )
    )
    return Message(blocks=[Section(question), buttons], text=question, ephemeral=True)


async def ask_cancel(ctx: Ctx, meeting: Meeting) -> str:
    """Open a cancel question (a pending job until answered or expired); its button value.

    The value ``<id>:<sequence>:<token>`` holds only while the question is pending and the
    meeting is the same version: « Non », a later change or an hour's wait disarm « Oui ».
    """
    token = secrets.token_hex(4)
    due = ctx.now + QUESTION_LIFETIME
    await ctx.schedule(QUESTION, f"{meeting.id}:{token}", due, {}, meeting.channel)
    return f"{meeting.id}:{meeting.sequence}:{token}"


async def open_meeting(ctx: Ctx, value: str) -> Meeting:
    """The planned meeting named by an (untrusted) button value, still open to changes."""
    meeting = await find_meeting(ctx, value_id(value))
    if meeting is None or meeting.status == DRAFT:
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    require_open(ctx, meeting)
    return meeting


async def answered_question(ctx: Ctx, value: str) -> Meeting:
    """The meeting of a cancel question still pending, for this version; closes the question."""
    meeting = await open_meeting(ctx, value)
    _, sequence, token = [*value.split(":", 2), "", ""][:3]
    key = f"{meeting.id}:{token}"
    statement = select(Job.id).where(
        Job.workspace == ctx.workspace,
        Job.kind == QUESTION,
        Job.key == key,
        Job.status == "pending",
        col(Job.due_at) > ctx.now,
    )
    pending = token and (await ctx.session.exec(statement)).first() is not None
    if not pending or sequence != str(meeting.sequence):
        raise UserError("meetings.cancel_stale", id=meeting.id)
    await ctx.cancel_jobs(QUESTION, key)
    return meeting


@feature.job(QUESTION)
async def question_expired(ctx: Ctx, job: Job) -> None:
    """An unanswered cancel question simply expires: its « Oui » no longer works."""
    return None


@feature.action("meetings.cancel")
async def cancel_confirmed(ctx: Ctx, value: str) -> Reply:
    """The meeting is cancelled: its reminders never fire, those who answered are told."""
    ctx.require_coordinator()
    meeting = await answered_question(ctx, value)
    meeting.status = CANCELLED
    await cancel_jobs(ctx, meeting)
    await ctx.cancel_jobs(QUESTION, f"{meeting.id}:")  # other open questions: nothing to cancel
    return await announce_change(
        ctx, meeting, "meetings.cancelled", when=ctx.when(meeting.starts_at)
    )


@feature.action("meetings.keep")
async def keep(ctx: Ctx, value: str) -> Message:
    """« Non, la garder »: nothing changes, and this question's « Oui » no longer works."""
    meeting = await answered_question(ctx, value)
    return Message(blocks=[Section(ctx.t("meetings.kept", id=meeting.id))], ephemeral=True)


def date_error(ctx: Ctx, text: str) -> str | None:
    """Why ``text`` is no date to come (the catalogue key), or None when it is one."""
    try:
        ctx.parse_when(text)
    except UserError as error:
        return error.key
    return None


async def meeting_and_date(ctx: Ctx, text: str) -> tuple[Meeting, str]:
    """``#12 jeudi 13 h``, ``12 jeudi 13 h`` or ``jeudi 13 h`` (the channel's next meeting).

    A leading bare number is the meeting unless the whole text reads as a date on its own
    (« 1 octobre 10 h ») or the rest is not even understood as one (then the whole text's
    error is the useful one); « 1 hier » is meeting 1, moved to a day already past.
    """
    first, _, rest = text.strip().partition(" ")
    meeting_id = meeting_ref(first)
    bare = meeting_id is not None and not first.startswith("#") and bool(rest.strip())
    understood_rest = (None, "when.past", "when.too_far")  # a date, even if not a valid one
    if bare and (date_error(ctx, text) is None or date_error(ctx, rest) not in understood_rest):
        meeting_id = None
    if meeting_id is None:
        return await next_meeting(ctx), text
    return await channel_meeting(ctx, meeting_id), rest


@feature.command(
    "rencontre", "reporter", aliases=("deplacer", "move"), help="meetings.help.reporter"
)
async def reschedule(ctx: Ctx, text: str) -> Reply:
    """Coordinators move a meeting: the same reminders move with it, people are told."""
    ctx.require_coordinator()
    meeting, rest = await meeting_and_date(ctx, text)
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


@feature.command("rencontre", "", help="meetings.help.default")
async def default(ctx: Ctx, text: str) -> Reply:
    """``/rencontre`` alone lists the upcoming meetings; anything else is explained."""
    if text.strip():
        raise ctx.unknown_subcommand(text)
    return await list_meetings(ctx, "")
