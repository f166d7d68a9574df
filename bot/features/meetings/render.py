"""How a meeting is shown: its card (updated in place), lists, notices, questions, forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.ctx import Ctx
from bot.features.meetings.attendance import Attendee
from bot.features.meetings.common import (
    CANCELLED,
    MAX_DELEGATE,
    MAX_LOCATION,
    MAX_TITLE,
    draft_value,
    when_text,
)
from bot.features.meetings.settings import show_span_label
from bot.features.meetings.trio import ROLES
from bot.messages import (
    Actions,
    Attachment,
    Block,
    Button,
    Context,
    Form,
    Header,
    Message,
    Section,
    Style,
    TextInput,
)
from bot.text import plural_key
from storage.models import Member
from storage.models.meetings import AgendaItem, Meeting, TrioSeat


def card_key(meeting_id: int | None) -> str:
    """The key of the meeting's message, updated in place."""
    return f"meetings.meeting:{meeting_id}"


def reminder_key(meeting_id: int | None, offset: str) -> str:
    """The key of one of the meeting's reminders, updated in place like its card."""
    return f"meetings.reminder:{meeting_id}:{offset}"


@dataclass(frozen=True)
class Quorum:
    """The workspace's quorum, the voices counted toward it, and how (people or
    organisations)."""

    needed: int
    voices: int
    mode: str


def title_of(ctx: Ctx, meeting: Meeting) -> str:
    return meeting.title or ctx.t("meetings.default_title")


def where_text(ctx: Ctx, meeting: Meeting) -> str:
    return meeting.location or ctx.t("meetings.location_unknown")


def ephemeral(text: str) -> Message:
    """A message only the person who acted sees."""
    return Message(blocks=[Section(text)], text=text, ephemeral=True)


# -- the meeting's card --------------------------------------------------------------------
def rsvp_line(ctx: Ctx, counts: dict[str, int]) -> str:
    return ctx.t(
        "meetings.rsvp_counts",
        present=counts["present"],
        absent=counts["absent"],
        delegated=counts["delegated"],
    )


def quorum_line(ctx: Ctx, quorum: Quorum | None) -> str | None:
    """« Quorum : 5 sur 6 — il manque 1 présence ou délégation » when the workspace set a
    quorum (by organisation: « 4 organismes sur 5 »)."""
    if quorum is None or not quorum.needed:
        return None
    kind = "quorum_org" if quorum.mode == "organismes" else "quorum"
    present, needed = quorum.voices, quorum.needed
    if present >= needed:
        key = plural_key(f"meetings.{kind}_reached", present, ctx.language)
    else:
        key = plural_key(f"meetings.{kind}_missing", needed - present, ctx.language)
    return ctx.t(key, present=present, quorum=needed, missing=max(0, needed - present))


def trio_lines(
    ctx: Ctx, seats: dict[str, TrioSeat], profiles: dict[str, Member | None]
) -> list[str]:
    """One line per role: who, from which organisation (``profiles`` of the people seated),
    and whether they accepted."""
    if not seats:
        return []
    lines = []
    for role in ROLES:
        seat = seats.get(role)
        if seat is None or seat.user_id is None:
            who = ctx.t("meetings.trio_open")
        else:
            member = profiles.get(seat.user_id)
            name = member.display_name if member else seat.user_id
            organisation = f" ({member.organisation})" if member and member.organisation else ""
            who = f"{name}{organisation} — {ctx.t('meetings.trio_status.' + seat.status)}"
        lines.append(ctx.t("meetings.trio_line", role=ctx.t("meetings.role." + role), who=who))
    return lines


def agenda_lines(
    items: list[AgendaItem], names: dict[str, str] | None = None, ctx: Ctx | None = None
) -> list[str]:
    """« 1. Budget », « 2. Bilan »… (with ``names`` of the authors: « — proposé par Alice »;
    a point of the agenda template has no author)."""
    lines = []
    for n, item in enumerate(items, 1):
        line = f"{n}. {item.text}"
        if ctx is not None and names is not None and item.author in names:
            line += " " + ctx.t("meetings.agenda_by", name=names[item.author])
        lines.append(line)
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


def details(
    ctx: Ctx,
    meeting: Meeting,
    counts: dict[str, int],
    quorum: Quorum | None,
    trio: list[str],
    agenda: list[str] | None = None,
) -> list[Block]:
    """Date, place, RSVP counts, quorum, trio lines and (when given) the agenda lines."""
    blocks: list[Block] = [
        Section(
            ctx.t(
                "meetings.when_where",
                when=when_text(ctx, meeting),
                location=where_text(ctx, meeting),
            )
        )
    ]
    attendance = [rsvp_line(ctx, counts)]
    quorum_text = quorum_line(ctx, quorum)
    if quorum_text:
        attendance.append(quorum_text)
    blocks.append(Section("\n".join(attendance)))
    if trio:
        blocks.append(Section(ctx.t("meetings.trio_heading") + "\n" + "\n".join(trio)))
    if agenda is not None:
        text = "\n".join(agenda) if agenda else ctx.t("meetings.agenda_none", id=meeting.id)
        blocks.append(Section(ctx.t("meetings.agenda_heading") + "\n" + text))
    return blocks


def meeting_card(ctx: Ctx, meeting: Meeting, body: list[Block]) -> Message:
    """The meeting's message in its channel (``body``: its details), with RSVP buttons while
    answers are open."""
    header = card_header(ctx, meeting)
    blocks: list[Block] = [Header(header), *body]
    blocks.append(Context((ctx.t("meetings.card_footer", id=meeting.id),)))
    if meeting.status != CANCELLED and meeting.starts_at > ctx.now:
        blocks.append(rsvp_buttons(ctx, meeting.id))
    return Message(
        blocks=blocks,
        text=f"{header} — {ctx.when(meeting.starts_at)}",
        key=card_key(meeting.id),
        channel=meeting.channel,
    )


def attendance_message(
    ctx: Ctx,
    meeting: Meeting,
    details: list[Block],
    people: list[Attendee],
    silent: list[str],
    came: list[str],
    quorum: Quorum | None,
) -> Message:
    """The meeting with who is coming: present, represented (by whom), absent, no answer;
    then who came, once recorded, with the quorum they made."""
    none = ctx.t("meetings.nobody")
    present = [p.name for p in people if p.answer == "present"]
    delegated = [
        ctx.t("meetings.represented_by", name=p.name, delegate=p.delegate or "?")
        for p in people
        if p.answer == "delegated"
    ]
    absent = [p.name for p in people if p.answer == "absent"]
    lines = [
        ctx.t("meetings.list_present", names=", ".join(present) or none),
        ctx.t("meetings.list_delegated", names=", ".join(delegated) or none),
        ctx.t("meetings.list_absent", names=", ".join(absent) or none),
        ctx.t("meetings.list_silent", names=", ".join(silent) or none),
    ]
    blocks: list[Block] = [Header(card_header(ctx, meeting)), *details, Section("\n".join(lines))]
    if came:
        text = ctx.t("meetings.list_came", names=", ".join(came))
        if (line := quorum_line(ctx, quorum)) is not None:
            text += "\n" + line
        blocks.append(Section(text))
    elif meeting.starts_at <= ctx.now and meeting.status != CANCELLED:
        blocks.append(Context((ctx.t("meetings.came_hint", id=meeting.id),)))
    title = card_header(ctx, meeting)
    return Message(blocks=blocks, text=title, ephemeral=True)


def card_header(ctx: Ctx, meeting: Meeting) -> str:
    """« 📅 Titre », or « ❌ ANNULÉE — Titre »."""
    title = title_of(ctx, meeting)
    if meeting.status == CANCELLED:
        return ctx.t("meetings.card_cancelled", title=title)
    return ctx.t("meetings.card_title", title=title)


# -- planning, listing, changing -----------------------------------------------------------
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


def draft_question(ctx: Ctx, meeting: Meeting) -> Message:
    """Ask the person to confirm the date of a draft, written in full."""
    question = ctx.t(
        "meetings.confirm_question",
        title=title_of(ctx, meeting),
        when=when_text(ctx, meeting),
        location=where_text(ctx, meeting),
    )
    buttons = Actions(
        (
            Button(
                ctx.t("meetings.button_confirm"),
                "meetings.confirm",
                draft_value(meeting),
                Style.PRIMARY,
            ),
            Button(ctx.t("meetings.button_discard"), "meetings.discard", draft_value(meeting)),
        )
    )
    return Message(blocks=[Section(question), buttons], text=question, ephemeral=True)


def planned(ctx: Ctx, meeting: Meeting) -> Message:
    return ephemeral(ctx.t("meetings.planned", id=meeting.id, when=when_text(ctx, meeting)))


def draft_discarded(ctx: Ctx) -> Message:
    return Message(blocks=[Section(ctx.t("meetings.draft_discarded"))], ephemeral=True)


def meeting_list(ctx: Ctx, meetings: list[tuple[Meeting, dict[str, int]]]) -> Message:
    """The channel's upcoming meetings, each with its RSVP counts."""
    if not meetings:
        return Message(blocks=[Section(ctx.t("meetings.none_upcoming"))], ephemeral=True)
    lines = [
        ctx.t(
            "meetings.list_line",
            id=meeting.id,
            title=title_of(ctx, meeting),
            when=when_text(ctx, meeting),
            location=where_text(ctx, meeting),
            present=counts["present"],
            absent=counts["absent"],
            delegated=counts["delegated"],
        )
        for meeting, counts in meetings
    ]
    heading = ctx.t("meetings.list_title", count=len(meetings))
    hint = Context((ctx.t("meetings.list_who_hint", id=meetings[0][0].id),))
    return Message(
        blocks=[Section(heading + "\n" + "\n".join(lines)), hint], text=heading, ephemeral=True
    )


def change_notice(
    ctx: Ctx, meeting: Meeting, key: str, names: list[str], ics: Attachment, **params: object
) -> Message:
    """A channel message about a change, naming those who answered, with the new .ics."""
    text = ctx.t(key, id=meeting.id, title=title_of(ctx, meeting), **params)
    told = ", ".join(names)
    if told:
        text += "\n" + ctx.t("meetings.told_people", names=told)
    return Message(blocks=[Section(text)], text=text, channel=meeting.channel, files=[ics])


def change_line(ctx: Ctx, field: str, old: str | None, new: str | None) -> str:
    """« Lieu : Salle A → Salle B » (« à préciser » when there is none)."""
    empty = ctx.t("meetings.location_unknown" if field == "location" else "meetings.default_title")
    return ctx.t(f"meetings.edit_line_{field}", old=old or empty, new=new or empty)


def also_changed(ctx: Ctx, changes: list[str]) -> str:
    """What else changed with a move, on lines of its own (empty when nothing)."""
    return "".join("\n" + line for line in changes)


def edit_form(ctx: Ctx, meeting: Meeting) -> Form:
    """Change a meeting's place (or link) and title; the date: ``/rencontre reporter``."""
    return Form(
        "meetings.edit",
        ctx.t("meetings.edit_form_title"),
        [
            TextInput(
                "lieu",
                ctx.t("meetings.form_location"),
                required=False,
                max_length=MAX_LOCATION,
                initial=meeting.location or "",
            ),
            TextInput(
                "titre",
                ctx.t("meetings.form_title_field"),
                required=False,
                max_length=MAX_TITLE,
                initial=meeting.title or "",
            ),
        ],
        ctx.t("meetings.edit_submit"),
        state=str(meeting.id),
    )


def cancel_question(ctx: Ctx, meeting: Meeting, answered: int, value: str) -> Message:
    """« Annuler la rencontre ? » with its buttons; ``answered`` people will be told."""
    question = ctx.t(
        "meetings.cancel_question",
        id=meeting.id,
        title=title_of(ctx, meeting),
        when=ctx.when(meeting.starts_at),
        count=answered,
    )
    yes = ctx.t("meetings.button_cancel_yes")
    buttons = Actions(
        (
            Button(yes, "meetings.cancel", value, Style.DANGER),
            Button(ctx.t("meetings.button_cancel_no"), "meetings.keep", value),
        )
    )
    return Message(blocks=[Section(question), buttons], text=question, ephemeral=True)


def kept(ctx: Ctx, meeting: Meeting) -> Message:
    return Message(blocks=[Section(ctx.t("meetings.kept", id=meeting.id))], ephemeral=True)


def ics_name(ctx: Ctx, meeting: Meeting | None) -> str:
    """The calendar file's name: one meeting's, or all the upcoming ones'."""
    if meeting is None:
        return ctx.t("meetings.file_ics_all")
    return ctx.t("meetings.file_ics", id=meeting.id)


def ics_ready(ctx: Ctx, meetings: list[Meeting], ics: Attachment) -> Message:
    """The calendar file asked for, with the meetings it holds."""
    lines = [
        f"• {ctx.t('core.number', id=m.id)} {title_of(ctx, m)} — {ctx.when(m.starts_at)}"
        f" — {where_text(ctx, m)}"
        for m in meetings
    ]
    ready = ctx.tn("meetings.ics_ready", len(meetings))
    return Message(
        blocks=[Section(ready + "\n" + "\n".join(lines))], text=ready, ephemeral=True, files=[ics]
    )


def suggestion(ctx: Ctx, meeting: Meeting) -> str:
    """How a meeting is offered by autocomplete: « #12 Titre — date »."""
    return f"#{meeting.id} {title_of(ctx, meeting)} — {ctx.when(meeting.starts_at)}"


# -- reminders ----------------------------------------------------------------------------
def coordination_notes(
    ctx: Ctx,
    meeting: Meeting,
    counts: dict[str, int],
    pending: list[tuple[TrioSeat, str | None]],
) -> list[str]:
    """What the coordination should know before the meeting: nobody confirmed their
    presence, or trio roles without an answer (``pending``: each seat with who holds it)."""
    notes = []
    if not counts["present"] + counts["delegated"]:
        notes.append(ctx.t("meetings.warn_nobody_confirmed"))
    roles = []
    for seat, who in pending:
        status = ctx.t("meetings.trio_status." + seat.status)
        roles.append(
            ctx.t(
                "meetings.warn_trio_role",
                role=ctx.t("meetings.role." + seat.role),
                who=f"{who}, {status}" if who else status,
            )
        )
    if roles:
        notes.append(ctx.t("meetings.warn_trio", roles=", ".join(roles), id=meeting.id))
    return notes


def reminder(
    ctx: Ctx,
    meeting: Meeting,
    offset: str,
    late_since: datetime | None,
    body: list[Block],
    sections: list[list[Block]],
    notes: list[str],
) -> Message:
    """The reminder: date, place, agenda, RSVP counts, trio, what other features add (on
    the digest), notes for the coordination, the RSVP buttons."""
    delay = show_span_label(offset, ctx.language)
    header = ctx.t("meetings.reminder_title", title=title_of(ctx, meeting), delay=delay)
    blocks: list[Block] = [Header(header)]
    if late_since is not None:
        blocks.append(Context((ctx.t("meetings.reminder_late", due=ctx.when(late_since)),)))
    blocks.extend(body)
    for extra in sections:
        blocks.extend(extra)
    if notes:
        blocks.append(Section("\n".join(notes)))
    blocks.append(rsvp_buttons(ctx, meeting.id))
    return Message(
        blocks=blocks, text=header, channel=meeting.channel, key=reminder_key(meeting.id, offset)
    )


# -- agenda --------------------------------------------------------------------------------
def agenda_message(ctx: Ctx, meeting: Meeting, points: list[str], extras: list[str]) -> Message:
    """The numbered agenda of a meeting, with what other features add under it."""
    title = ctx.t(
        "meetings.agenda_title",
        title=title_of(ctx, meeting),
        id=meeting.id,
        when=ctx.when(meeting.starts_at),
    )
    blocks: list = [Header(title)]
    blocks.append(
        Section("\n".join(points) if points else ctx.t("meetings.agenda_none", id=meeting.id))
    )
    if extras:
        blocks.append(Section(ctx.t("meetings.agenda_extras") + "\n" + "\n".join(extras)))
    blocks.append(Context((ctx.t("meetings.agenda_hint", id=meeting.id),)))
    return Message(blocks=blocks, text=title, ephemeral=True)


def point_added(ctx: Ctx, meeting: Meeting, point: str, number: int) -> Message:
    return ephemeral(
        ctx.t(
            "meetings.agenda_added",
            point=point,
            number=number,
            title=title_of(ctx, meeting),
            id=meeting.id,
        )
    )


def point_for_next(ctx: Ctx, running: Meeting, meeting: Meeting, added: Message) -> Message:
    """A point added during a meeting: it goes to the next one, said before anything else."""
    first = ctx.t(
        "meetings.agenda_for_next",
        running=running.id,
        id=meeting.id,
        when=ctx.when(meeting.starts_at),
    )
    return ephemeral(first + "\n" + (added.text or ""))


# -- RSVP ----------------------------------------------------------------------------------
def delegate_form(ctx: Ctx, meeting: Meeting) -> Form:
    """Whom the person delegates to the meeting."""
    return Form(
        "meetings.delegate",
        ctx.t("meetings.delegate_form_title"),
        [
            TextInput(
                "delegue",
                ctx.t("meetings.delegate_field"),
                max_length=MAX_DELEGATE,
                placeholder=ctx.t("meetings.delegate_hint"),
            )
        ],
        ctx.t("meetings.delegate_submit"),
        state=str(meeting.id),
    )


def rsvp_saved(
    ctx: Ctx,
    meeting: Meeting,
    answer: str,
    delegate: str | None,
    *,
    counted_already: bool = False,
) -> Message:
    """The person's answer, as noted; a delegate already counted is said not to count twice."""
    params = {"title": title_of(ctx, meeting), "when": ctx.when(meeting.starts_at)}
    text = ctx.t(f"meetings.rsvp_saved.{answer}", delegate=delegate or "", **params)
    if counted_already:
        text += "\n" + ctx.t("meetings.delegate_counted_already", delegate=delegate or "")
    return ephemeral(text)
