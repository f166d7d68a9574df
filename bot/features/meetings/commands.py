"""/rencontre's commands, actions, forms, jobs, hooks and settings."""

from __future__ import annotations

import dataclasses
import logging
import secrets
from datetime import datetime, timedelta

from bot import hooks, links
from bot.ctx import Ctx
from bot.errors import FormInvalid, NotAllowed, NotFound, UserError
from bot.features.meetings import (
    attendance,
    feed,
    reminders,
    render,
    render_series,
    render_trio,
    store,
    store_trio,
)
from bot.features.meetings.calendar import ics_file
from bot.features.meetings.common import (
    ANSWER_CODES,
    CANCELLED,
    CONFIRMED_DRAFT,
    DISCARDED_DRAFT,
    DRAFT,
    MAX_DELEGATE,
    MAX_LOCATION,
    MAX_TITLE,
    PLANNED,
    check_ahead,
    checked_span,
    confirmed,
    draft_id,
    in_channel,
    length,
    meeting_ref,
    own_draft,
    require_open,
    value_id,
    when_text,
)
from bot.features.meetings.parsing import (
    agenda_point,
    agenda_verb,
    form_field,
    meeting_and_date,
    move_numbers,
    optional_text,
    point_number,
    question_value,
    split_plan,
    trio_people,
    words_of,
)
from bot.features.meetings.series import is_series_word, read_shift, series_version
from bot.features.meetings.settings import (
    parse_length,
    parse_offsets,
    parse_quorum_mode,
    parse_template,
    show_length,
    show_offsets,
    show_quorum,
    show_quorum_mode,
    show_template,
    template_points,
)
from bot.features.meetings.trio import (
    AWAY,
    check_members,
    check_three,
    pending_roles,
    propose,
    ranked_candidates,
    seated,
    taken_seats,
    waiting,
)
from bot.hooks import PERSON_NAME
from bot.links import Page, PageSection
from bot.messages import Attachment, Block, Message, Output, Reply, Update
from bot.router import Feature, SettingSpec
from bot.settings import int_between
from bot.text import fold, user_ref
from bot.validation import checked_form
from storage.models import Job
from storage.models.meetings import AgendaItem, Meeting, TrioSeat

feature = Feature("meetings")
log = logging.getLogger("outarde.meetings")
QUESTION = hooks.MEETING_CANCEL_QUESTION  # a pending « cancel? » question, as a job
REFRESH = hooks.MEETING_REFRESH_CARD  # a meeting's card brought up to date
QUESTION_LIFETIME = timedelta(hours=1)
MAX_POINTS = 30

feature.setting(
    SettingSpec(
        "rappels",
        "7j,1j,1h",
        parse_offsets,
        show_offsets,
        "meetings.setting_label_rappels",
        aliases=("reminders", "rappel"),
    )
)
feature.setting(
    SettingSpec(
        "quorum",
        0,
        int_between(0, 1000),
        show_quorum,
        "meetings.setting_label_quorum",
    )
)
feature.setting(
    SettingSpec(
        "quorum_par",
        attendance.BY_PERSON,
        parse_quorum_mode,
        show_quorum_mode,
        "meetings.setting_label_quorum_par",
        aliases=("quorum_by",),
    )
)
feature.setting(
    SettingSpec(
        "odj_modele",
        "",
        parse_template,
        show_template,
        "meetings.setting_label_odj_modele",
        aliases=("agenda_template", "modele_odj"),
    )
)
feature.setting(
    SettingSpec(
        "duree_rencontre",
        120,
        parse_length,
        show_length,
        "meetings.setting_label_duree",
        aliases=("meeting_length", "duree"),
    )
)


# -- finding the meeting -------------------------------------------------------------------
async def get_meeting(ctx: Ctx, meeting_id: int) -> Meeting:
    """A confirmed (planned or cancelled) meeting of this workspace; NotFound otherwise."""
    return confirmed(await store.find_meeting(ctx, meeting_id), meeting_id)


async def channel_meeting(ctx: Ctx, meeting_id: int) -> Meeting:
    """A confirmed meeting of this channel: one planned elsewhere is named, never shown."""
    return in_channel(ctx, await get_meeting(ctx, meeting_id))


async def next_meeting(ctx: Ctx) -> Meeting:
    """The channel's next meeting; a helpful error when there is none."""
    meetings = await store.upcoming(ctx, limit=1)
    if not meetings:
        raise UserError("meetings.no_upcoming")
    return meetings[0]


async def pick_meeting(ctx: Ctx, words: list[str], *, bare: bool = True) -> Meeting:
    """The channel's meeting named by a leading ``#ID`` (or ``ID`` when ``bare``) in
    ``words`` (removed), else the channel's next one."""
    if words:
        meeting_id = meeting_ref(words[0], bare=bare)
        if meeting_id is not None:
            words.pop(0)
            return await channel_meeting(ctx, meeting_id)
    return await next_meeting(ctx)


async def open_meeting(ctx: Ctx, value: str) -> Meeting:
    """The confirmed meeting named by an (untrusted) button value, still open to changes."""
    meeting = await get_meeting(ctx, value_id(value))
    require_open(ctx, meeting)
    return meeting


# -- showing the meeting -------------------------------------------------------------------
async def trio_view(ctx: Ctx, meeting_id: int) -> tuple[dict[str, TrioSeat], list[str]]:
    """The meeting's trio seats, and one line per role telling who holds it."""
    seats = await store_trio.trio_seats(ctx, meeting_id)
    profiles = {s.user_id: await ctx.member(s.user_id) for s in seats.values() if s.user_id}
    return seats, render.trio_lines(ctx, seats, profiles)


async def people_of(ctx: Ctx, meeting_id: int) -> list[attendance.Attendee]:
    """Every answer to the meeting, with its person and its delegate matched to people."""
    rsvps = await store.rsvp_people(ctx, meeting_id)
    people = attendance.attendees(rsvps, await store.members(ctx))
    for index, person in enumerate(people):  # a partner who answered by mail
        if person.name == person.user_id and (named := await ctx.hook(PERSON_NAME, person.name)):
            people[index] = dataclasses.replace(person, name=named[0])
    return people


def quorum_mode(ctx: Ctx) -> str:
    return str(ctx.setting("quorum_par") or attendance.BY_PERSON)


async def meeting_details(ctx: Ctx, meeting: Meeting, *, agenda: bool = False) -> list[Block]:
    """Date, place, RSVP counts, quorum, trio and (optionally) the agenda."""
    counts = await store.rsvp_counts(ctx, meeting.id or 0)
    _, trio_lines = await trio_view(ctx, meeting.id or 0)
    points = None
    if agenda:
        points = await agenda_view(ctx, meeting)
    quorum = None
    if int(ctx.setting("quorum") or 0) and meeting.status != CANCELLED:
        voices = attendance.voices(await people_of(ctx, meeting.id or 0), quorum_mode(ctx))
        quorum = render.Quorum(int(ctx.setting("quorum")), voices, quorum_mode(ctx))
    return render.details(ctx, meeting, counts, quorum, trio_lines, points)


async def agenda_view(ctx: Ctx, meeting: Meeting) -> list[str]:
    """The agenda's numbered lines, each with who proposed it."""
    items = await store.agenda_items(ctx, meeting.id or 0)
    names = {i.author: await ctx.display_name(i.author) for i in items if i.author}
    return render.agenda_lines(items, names, ctx)


async def meeting_card(ctx: Ctx, meeting: Meeting) -> Message:
    """The meeting's message in its channel."""
    return render.meeting_card(ctx, meeting, await meeting_details(ctx, meeting))


async def refreshed_card(ctx: Ctx, meeting: Meeting) -> Update:
    """The meeting's message, brought up to date in place."""
    return Update(render.card_key(meeting.id), await meeting_card(ctx, meeting))


async def refreshed_cards(ctx: Ctx, meeting: Meeting) -> list[Update]:
    """Every posted message of the meeting brought up to date in place: its card and, while
    it is planned, each reminder already posted (answers and trio as they are now)."""
    updates = [await refreshed_card(ctx, meeting)]
    if meeting.status != PLANNED:
        return updates
    for job in await store.sent_reminders(ctx, meeting):
        target = reminders.job_target(job)
        if target is None:
            continue
        payload = target[2]
        offset = str(payload.get("offset", ""))
        digest = bool(payload.get("digest"))
        message = await reminder_message(ctx, meeting, job, offset, None, digest)
        updates.append(Update(render.reminder_key(meeting.id, offset), message))
    return updates


async def trio_card(ctx: Ctx, meeting: Meeting) -> Message:
    """The trio message, naming (never pinging) those who have not answered yet."""
    seats, lines = await trio_view(ctx, meeting.id or 0)
    names = [await ctx.display_name(user) for user in waiting(seats)]
    return render_trio.trio_card(ctx, meeting, seats, lines, names)


async def ics_of(ctx: Ctx, meetings: list[Meeting], name: str) -> Attachment:
    """One .ics file holding ``meetings`` with their agendas."""
    with_points = [
        (m, render.agenda_lines(await store.agenda_items(ctx, m.id or 0))) for m in meetings
    ]
    return ics_file(ctx, with_points, name)


async def meeting_ics(ctx: Ctx, meeting: Meeting) -> Attachment:
    return await ics_of(ctx, [meeting], render.ics_name(ctx, meeting))


# -- the meeting's jobs --------------------------------------------------------------------
async def schedule_jobs(ctx: Ctx, meeting: Meeting) -> None:
    """(Re)schedule the meeting's reminders and end job; offsets already past are skipped."""
    await cancel_jobs(ctx, meeting)
    for key, due, payload in reminders.reminder_plan(ctx, meeting):
        await ctx.schedule(hooks.MEETING_REMINDER, key, due, payload, meeting.channel)
    await ctx.schedule(hooks.MEETING_END, *reminders.end_plan(ctx, meeting), meeting.channel)


async def cancel_jobs(ctx: Ctx, meeting: Meeting) -> None:
    prefix = reminders.job_prefix(meeting)
    await ctx.cancel_jobs(hooks.MEETING_REMINDER, prefix)
    await ctx.cancel_jobs(hooks.MEETING_END, prefix)


async def replan_upcoming(ctx: Ctx) -> int:
    """Schedule again the jobs of every planned meeting of the workspace not yet begun."""
    meetings = await store.upcoming(ctx, channel_only=False, limit=reminders.MAX_REPLANNED)
    for meeting in meetings:
        await schedule_jobs(ctx, meeting)
    return len(meetings)


async def scheduled_meeting(ctx: Ctx, job: Job) -> tuple[Meeting, dict] | None:
    """The job's meeting if it is still planned at the date the job was scheduled for."""
    target = reminders.job_target(await store.fresh_job(ctx, job) or job)
    if target is None:
        return None
    meeting_id, planned_start, payload = target
    meeting = await store.find_meeting(ctx, meeting_id)
    if meeting is None or meeting.status != PLANNED:
        return None
    if planned_start != meeting.starts_at:
        return None  # moved since: the rescheduled job carries the new date
    return meeting, payload


# -- /rencontre odj ------------------------------------------------------------------------
@feature.command("rencontre", "odj", aliases=("agenda", "ordre"), help="meetings.help.odj")
async def agenda(ctx: Ctx, text: str) -> Reply:
    """``/rencontre odj [#ID]`` lists; ``ajouter``, ``monter N``, ``descendre N``, ``retirer N``."""
    words = words_of(text)
    action = agenda_verb(words[0]) if words else None
    if action == "add":
        return await add_point(ctx, words[1:])
    if action is not None:
        return await change_point(ctx, action, words[1:])
    meeting = await pick_meeting(ctx, words)
    if words:
        raise UserError("meetings.agenda_unknown_verb", word=words[0][:30])
    return await show_agenda(ctx, meeting)


async def show_agenda(ctx: Ctx, meeting: Meeting) -> Message:
    """The numbered agenda of a meeting (who proposed each point), with what other features
    add under it."""
    points = await agenda_view(ctx, meeting)
    extras: list[str] = []
    for answer in await ctx.hook_safely(hooks.MEETING_AGENDA_EXTRAS):  # vocab: « à discuter »
        extras.extend(str(line) for line in answer)
    return render.agenda_message(ctx, meeting, points, extras)


async def add_point(ctx: Ctx, words: list[str]) -> Reply:
    """A point for the meeting named (``#ID``) or the next one; during a meeting, a point
    goes to the next one, and the person is told so first."""
    running = await store.in_progress(ctx, ctx.now - length(ctx))
    named = bool(words) and meeting_ref(words[0], bare=False) is not None
    if running is not None and named and meeting_ref(words[0], bare=False) == running.id:
        words.pop(0)
        named = False
    try:
        meeting = await pick_meeting(ctx, words, bare=False)  # « 3 priorités » is a point
    except UserError as error:
        if running is not None and error.key == "meetings.no_upcoming":
            raise UserError("meetings.agenda_during_no_next", running=running.id) from None
        raise
    require_open(ctx, meeting)
    point = agenda_point(words)
    count, last = await store.agenda_size(ctx, meeting.id)
    if count >= MAX_POINTS:
        raise UserError("meetings.agenda_full", limit=MAX_POINTS)
    await store.add_agenda_item(ctx, new_point(ctx, meeting, (last or 0) + 1, point, ctx.user_id))
    added = render.point_added(ctx, meeting, point, count + 1)
    if running is not None and not named:
        return render.point_for_next(ctx, running, meeting, added)
    return added


def new_point(ctx: Ctx, meeting: Meeting, position: int, text: str, author: str) -> AgendaItem:
    """An agenda point (``author`` empty: a point of the agenda template)."""
    return AgendaItem(
        workspace=ctx.workspace,
        meeting_id=meeting.id or 0,
        position=position,
        text=text,
        author=author,
        created_at=ctx.now,
    )


async def change_point(ctx: Ctx, action: str, words: list[str]) -> Reply:
    """Move point N up or down or to a position, or remove it (its author may remove their
    own point)."""
    if action != "remove":
        ctx.require_coordinator()
    ids = [w for w in words if w.startswith("#")]
    rest = [w for w in words if not w.startswith("#")]
    meeting = await pick_meeting(ctx, ids[:1], bare=False)  # a bare number is the point
    require_open(ctx, meeting)
    items = await store.agenda_items(ctx, meeting.id or 0)
    if not items:
        raise UserError("meetings.agenda_none", id=meeting.id)
    if action == "move":
        number, position = move_numbers(ctx, rest, len(items))
        items.insert(position - 1, items.pop(number - 1))
        await store.renumber(ctx, items)
        return await show_agenda(ctx, meeting)
    number = point_number(ctx, rest, len(items))
    item = items[number - 1]
    if action == "remove":
        if not ctx.is_coordinator and item.author != ctx.user_id:
            raise NotAllowed("meetings.agenda_remove_not_allowed")
        await store.remove_agenda_item(ctx, item)
    else:
        other = number - 2 if action == "up" else number
        if not 0 <= other < len(items):
            raise UserError(f"meetings.agenda_cannot_{action}", number=number)
        await store.swap_positions(ctx, item, items[other])
    return await show_agenda(ctx, meeting)


async def add_template(ctx: Ctx, meeting: Meeting) -> None:
    """A newly confirmed meeting starts with the agenda template (``odj_modele``)."""
    for position, text in enumerate(template_points(str(ctx.setting("odj_modele") or "")), 1):
        await store.add_agenda_item(ctx, new_point(ctx, meeting, position, text, ""))


# -- /rencontre ics ------------------------------------------------------------------------
@feature.command("rencontre", "ics", help="meetings.help.ics")
async def export_ics(ctx: Ctx, text: str) -> Message:
    """``/rencontre ics`` all upcoming meetings of the channel; ``/rencontre ics 12`` one;
    ``/rencontre ics serie #12`` every meeting of its series (cancelled ones marked so)."""
    words = words_of(text)
    if words and is_series_word(words[0]):
        if len(words) > 2:
            raise UserError("meetings.series_which", word=" ".join(words[1:])[:30])
        anchor = await series_anchor(ctx, words[1] if len(words) > 1 else None)
        meetings = await store.series_meetings(ctx, anchor.series_id)
        return render.ics_ready(
            ctx, meetings, await ics_of(ctx, meetings, render.ics_name(ctx, None))
        )
    meeting_id = meeting_ref(words[0]) if len(words) == 1 else None
    if words and meeting_id is None:
        raise ctx.usage_error()
    if meeting_id is not None:
        meetings = [await channel_meeting(ctx, meeting_id)]
        name = render.ics_name(ctx, meetings[0])
    else:
        meetings = await store.upcoming(ctx)
        if not meetings:
            await next_meeting(ctx)  # raises the helpful « no upcoming meeting »
        name = render.ics_name(ctx, None)
    return render.ics_ready(ctx, meetings, await ics_of(ctx, meetings, name))


# -- /rencontre calendrier: the channel's subscribed calendar -------------------------------
FEED = "cal"  # the kind of the channel's secret calendar link (bot.links)
FEED_PAST = timedelta(days=60)  # past and cancelled meetings still shown in calendars
NEW_LINK = ("nouveau-lien", "nouveau", "new-link", "new", "revoquer", "revoke")


@feature.command(
    "rencontre", "calendrier", aliases=("calendar", "abonnement"), help="meetings.help.calendrier"
)
async def calendar_link(ctx: Ctx, text: str) -> Message:
    """``/rencontre calendrier``: the channel's secret feed; ``nouveau-lien`` revokes it."""
    words = [fold(word) for word in words_of(text)]
    if len(words) > 1 or (words and words[0] not in NEW_LINK):
        raise ctx.usage_error()
    base = links.public_url()
    if base is None:
        raise UserError("meetings.calendar_off")
    renewed = bool(words)
    if renewed:
        ctx.require_coordinator()
        await links.revoke(ctx, FEED)
    link = await links.issue(ctx, FEED)
    return feed.link_reply(ctx, f"{base}/cal/{link.token}.ics", renewed=renewed)


@feature.page(FEED)
async def calendar_feed(ctx: Ctx, link: object, act: bool) -> Page:
    """The channel's meetings (upcoming, and those of the last weeks, cancelled ones shown)."""
    meetings = await store.feed_meetings(ctx, ctx.now - FEED_PAST)
    rows = [
        (
            m,
            render.agenda_lines(await store.agenda_items(ctx, m.id or 0)),
            await store.rsvp_counts(ctx, m.id or 0),
        )
        for m in meetings
    ]
    return Page(feed.feed_ics(ctx, rows), "text/calendar; charset=utf-8")


@feature.hook(hooks.PUBLIC_PAGE_SECTIONS)
async def public_meetings(ctx: Ctx) -> PageSection:
    """The workspace's next meetings on the table's published page (a video link stays
    private: « en ligne »)."""
    return feed.page_section(ctx, await store.upcoming(ctx, channel_only=False, limit=10))


# -- reminders, settings followed, the meeting's end ---------------------------------------
@feature.hook(hooks.setting_changed("rappels"))
async def follow_new_offsets(ctx: Ctx) -> str | None:
    """New reminder offsets apply to every meeting not yet begun, not only to new ones."""
    count = await replan_upcoming(ctx)
    return ctx.t("meetings.setting_followed_rappels", count=count) if count else None


@feature.hook(hooks.setting_changed("duree_rencontre"))
async def follow_new_length(ctx: Ctx) -> str | None:
    """A new meeting length moves the end (and its evaluation) of meetings not yet begun."""
    count = await replan_upcoming(ctx)
    return ctx.t("meetings.setting_followed_duree", count=count) if count else None


@feature.hook(hooks.setting_changed("quorum"))
@feature.hook(hooks.setting_changed("quorum_par"))
async def show_new_quorum(ctx: Ctx) -> str | None:
    """The messages of meetings not yet begun are brought up to date with the new quorum."""
    meetings = await store.upcoming(ctx, channel_only=False, limit=reminders.MAX_REPLANNED)
    for meeting in meetings:
        payload = {"meeting": meeting.id}
        await ctx.schedule(REFRESH, str(meeting.id), ctx.now, payload, meeting.channel)
    return ctx.tn("meetings.setting_followed_quorum", len(meetings)) if meetings else None


@feature.job(REFRESH)
async def refresh_card(ctx: Ctx, job: Job) -> Reply:
    """Update a planned meeting's messages in place (after a setting they show changed)."""
    meeting = await store.find_meeting(ctx, reminders.payload_meeting(job))
    if meeting is None or meeting.status != PLANNED:
        return None
    return await refreshed_cards(ctx, meeting)


@feature.job(hooks.MEETING_REMINDER)
async def send_reminder(ctx: Ctx, job: Job) -> Reply:
    """Post the reminder: date, place, agenda, RSVP counts, trio (+ récolte on the first)."""
    found = await scheduled_meeting(ctx, job)
    if found is None:
        return None
    meeting, payload = found
    if meeting.starts_at <= ctx.now:
        log.info("reminder skipped: the meeting began", extra={"meeting": meeting.id})
        return None
    later = await store.later_due_reminder(ctx, job)
    if later is not None:  # the bot was down: send only the most recent overdue reminder
        if payload.get("digest"):
            later.payload = reminders.with_digest(later)
            await store.save(ctx, later)
        return None
    offset = str(payload.get("offset", ""))
    late_since = job.due_at if reminders.is_late(ctx, job) else None
    digest = bool(payload.get("digest"))
    return await reminder_message(ctx, meeting, job, offset, late_since, digest)


async def reminder_message(
    ctx: Ctx, meeting: Meeting, job: Job, offset: str, late_since: datetime | None, digest: bool
) -> Message:
    """The reminder as it stands now: details, the digest's sections, the coordination's
    notes on the last reminders (posted, or brought up to date in place)."""
    details = await meeting_details(ctx, meeting, agenda=True)
    sections = await digest_sections(ctx, meeting) if digest else []
    notes = []
    if reminders.within_last_day(offset) or await store.is_last_reminder(ctx, job):
        notes = await coordination_notes(ctx, meeting)  # the coordination is warned
    return render.reminder(ctx, meeting, offset, late_since, details, sections, notes)


async def digest_sections(ctx: Ctx, meeting: Meeting) -> list[list[Block]]:
    """What other features add to the first reminder: what happened since the last meeting."""
    since = await store.latest_start(ctx, meeting.starts_at)
    return await ctx.hook_safely(hooks.MEETING_REMINDER_SECTIONS, since, meeting.starts_at)


async def coordination_notes(ctx: Ctx, meeting: Meeting) -> list[str]:
    """Nobody confirmed their presence, or trio roles without an answer."""
    counts = await store.rsvp_counts(ctx, meeting.id or 0)
    seats = await store_trio.trio_seats(ctx, meeting.id or 0)
    pending = [
        (seat, await ctx.display_name(seat.user_id) if seat.user_id else None)
        for seat in pending_roles(seats)
    ]
    return render.coordination_notes(ctx, meeting, counts, pending)


@feature.job(hooks.MEETING_END)
async def meeting_ended(ctx: Ctx, job: Job) -> Reply:
    """After the meeting: whatever other features offer (polls: the evaluation)."""
    found = await scheduled_meeting(ctx, job)
    if found is None:
        return None
    meeting, _ = found
    title = render.title_of(ctx, meeting)
    outputs: list[Output] = []
    for answer in await ctx.hook_safely(hooks.MEETING_ENDED, meeting.id, title):
        outputs.extend(answer if isinstance(answer, list) else [answer])
    return outputs or None


@feature.hook(hooks.LAST_MEETING_START)
async def last_meeting_start(ctx: Ctx) -> datetime | None:
    """Start of the latest meeting of this workspace that already began."""
    return await store.latest_start(ctx, ctx.now, inclusive=True)


@feature.hook(hooks.suggest("rencontre"))
async def suggest_meetings(ctx: Ctx, prefix: str) -> list[tuple[str, str]]:
    """The channel's upcoming meetings for autocomplete: (« #12 Titre — date », « 12 »)."""
    wanted = fold(prefix.lstrip("#"))
    suggestions = []
    for meeting in await store.upcoming(ctx, limit=25):
        label = render.suggestion(ctx, meeting)
        if not wanted or wanted in fold(label):
            suggestions.append((label[:100], str(meeting.id)))
    return suggestions


# -- planifier, liste, annuler, reporter ---------------------------------------------------
@feature.command(
    "rencontre",
    "planifier",
    aliases=("plan", "nouvelle", "schedule"),
    help="meetings.help.planifier",
)
async def plan(ctx: Ctx, text: str) -> Reply:
    """Coordinators plan a meeting of the channel (a form when nothing is typed); a span
    (« jeudi 13 h 30 à 16 h ») gives its end, a series (« le 3e jeudi de septembre, novembre
    et février ») plans one meeting per date."""
    ctx.require_coordinator()
    if not text.strip():
        return render.plan_form(ctx)
    return await draft(ctx, *split_plan(text))


@feature.command(
    "rencontre", "annee", aliases=("year", "serie", "series"), help="meetings.help.annee"
)
async def plan_year(ctx: Ctx, text: str) -> Reply:
    """``/rencontre annee le 3e jeudi de septembre, novembre et février de 13 h 30 à 16 h |
    lieu | titre``: the year's meetings at once, one confirmation for every date."""
    ctx.require_coordinator()
    when, location, title = split_plan(text)
    if not when.strip():
        raise UserError("meetings.series_missing")
    return await draft(ctx, when, location, title, series_only=True)


@feature.form("meetings.plan")
async def plan_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    ctx.require_coordinator()
    fields = checked_form(
        values, {"quand": 200, "lieu": MAX_LOCATION, "titre": MAX_TITLE}, {"quand"}
    )
    try:
        return await draft(ctx, fields["quand"], fields["lieu"], fields["titre"])
    except UserError as error:
        field = form_field(error)
        if field:
            raise FormInvalid({field: (error.key, error.params)}) from None
        raise


async def draft(
    ctx: Ctx, typed: str, location: str, title: str, *, series_only: bool = False
) -> Message:
    """Store the meeting (or each meeting of a series) as a draft and ask the person to
    confirm the dates written in full.

    A draft has a negative id: only a confirmed meeting takes the next number. The drafts
    of a series share a ``series_id``: the first draft's id."""
    dates = planned_dates(ctx, typed, series_only=series_only)
    drafts = [
        Meeting(
            id=-(secrets.randbelow(2**31 - 2) + 1),
            workspace=ctx.workspace,
            channel=ctx.place.channel,
            title=optional_text(title, MAX_TITLE, "title"),
            location=optional_text(location, MAX_LOCATION, "location"),
            starts_at=starts,
            ends_at=ends,
            status=DRAFT,
            created_by=ctx.user_id,
            created_at=ctx.now,
        )
        for starts, ends in dates
    ]
    if len(drafts) > 1:
        for meeting in drafts:
            meeting.series_id = drafts[0].id
    for meeting in drafts:
        await store.add_meeting(ctx, meeting)
    if len(drafts) > 1:
        return render_series.series_question(ctx, drafts)
    return render.draft_question(ctx, drafts[0])


def planned_dates(
    ctx: Ctx, typed: str, *, series_only: bool = False
) -> list[tuple[datetime, datetime | None]]:
    """The dates typed: one date (with its end when a span is given), else a series
    (« chaque 2e mardi du mois à 9 h jusqu'en juin »), one per meeting.

    A single date comes first: « le dernier vendredi du mois » is this month's, not a year of
    them, except after ``/rencontre annee`` (``series_only``). When neither reads, the error
    is the series' if the text names one, else the single date's."""
    if not typed.strip():
        raise UserError("meetings.missing_when")
    failed: UserError | None = None
    if not series_only:
        try:
            return [checked_span(ctx, typed)]
        except UserError as single:
            failed = single
    try:
        dates = ctx.parse_series(typed)
    except UserError as error:
        if error.key != "when.series_not_understood":
            raise
        if failed is not None:
            raise failed from None
        raise UserError("meetings.series_needed", text=typed.strip()[:80]) from None
    check_ahead(ctx, dates[-1][0])
    return dates


async def decided_draft(ctx: Ctx, value: str) -> Meeting:
    """The draft named by an (untrusted) button value, if this person may decide on it."""
    ctx.require_coordinator()
    found = own_draft(ctx, await store.find_meeting(ctx, draft_id(value)), value)
    if found.status == CONFIRMED_DRAFT:
        raise UserError("meetings.already_confirmed", id=found.confirmed_as)
    return found


@feature.action("meetings.confirm")
async def confirm(ctx: Ctx, value: str) -> Reply:
    """The draft becomes a meeting (the next number): card posted in the channel,
    reminders scheduled, the agenda template added."""
    found = await decided_draft(ctx, value)
    if found.series_id is not None:
        return await confirm_series(ctx, found)
    if found.starts_at <= ctx.now:
        raise UserError("meetings.draft_expired")
    meeting = await confirmed_draft(ctx, found)
    await schedule_jobs(ctx, meeting)
    await ctx.hook_safely(hooks.MEETING_CHANGED, meeting.id)  # e.g. invitations by mail
    card = await meeting_card(ctx, meeting)
    card.files = [await meeting_ics(ctx, meeting)]
    return [render.planned(ctx, meeting), card]


async def confirmed_draft(ctx: Ctx, found: Meeting) -> Meeting:
    """The meeting a draft becomes (the next number), with the agenda template."""
    found.status = CONFIRMED_DRAFT
    meeting = Meeting(
        workspace=found.workspace,
        channel=found.channel,
        title=found.title,
        location=found.location,
        starts_at=found.starts_at,
        ends_at=found.ends_at,
        status=PLANNED,
        created_by=found.created_by,
        created_at=found.created_at,
    )
    await store.add_numbered(ctx, meeting)
    found.confirmed_as = meeting.id
    await store.save(ctx, found)
    await add_template(ctx, meeting)
    return meeting


async def confirm_series(ctx: Ctx, found: Meeting) -> Reply:
    """Every draft of the series becomes a meeting of its own (numbers in date order, its
    reminders, RSVP, agenda and trio), linked to the series by the first one's number."""
    drafts = await store.series_drafts(ctx, found.series_id)
    if not drafts or drafts[0].starts_at <= ctx.now:
        raise UserError("meetings.draft_expired")
    meetings = [await confirmed_draft(ctx, d) for d in drafts]
    for meeting in meetings:
        meeting.series_id = meetings[0].id
        await store.save(ctx, meeting)
        await schedule_jobs(ctx, meeting)
        await ctx.hook_safely(hooks.MEETING_CHANGED, meeting.id)  # e.g. invitations by mail
    await store.flush(ctx)
    ics = await ics_of(ctx, meetings, render.ics_name(ctx, None))
    cards = [await meeting_card(ctx, meeting) for meeting in meetings]
    return [
        render_series.series_planned(ctx, meetings),
        render_series.series_posted(ctx, meetings, ics),
        *cards,
    ]


@feature.action("meetings.discard")
async def discard(ctx: Ctx, value: str) -> Reply:
    """Nothing is planned; the draft is kept as discarded, so that a later « Confirmer »
    says so."""
    meeting = await decided_draft(ctx, value)
    drafts = [meeting]
    if meeting.series_id is not None:
        drafts = await store.series_drafts(ctx, meeting.series_id)
    for found in drafts:
        found.status = DISCARDED_DRAFT
        await store.save(ctx, found)
    return render.draft_discarded(ctx)


@feature.command("rencontre", "liste", aliases=("list", "prochaines"), help="meetings.help.liste")
async def list_meetings(ctx: Ctx, text: str) -> Message:
    """The channel's upcoming meetings with their RSVP counts."""
    meetings = await store.upcoming(ctx)  # at most 50: the ids fit one IN list
    counts = await store.rsvp_counts_of(ctx, [m.id or 0 for m in meetings])
    return render.meeting_list(ctx, [(m, counts[m.id or 0]) for m in meetings])


async def announce_change(ctx: Ctx, meeting: Meeting, key: str, **params: object) -> Reply:
    """A new version of the meeting (calendars update): its card, and a notice in the channel
    naming those who answered, with the new .ics."""
    meeting.sequence += 1
    await store.save(ctx, meeting)
    await ctx.hook_safely(hooks.MEETING_CHANGED, meeting.id)  # e.g. invitations by mail
    cards = await refreshed_cards(ctx, meeting)
    people = await store.rsvp_people(ctx, meeting.id or 0)
    names = [await ctx.display_name(r.user_id) for r in people]  # names, never pings
    ics = await meeting_ics(ctx, meeting)
    return [*cards, render.change_notice(ctx, meeting, key, names, ics, **params)]


@feature.command("rencontre", "annuler", aliases=("cancel",), help="meetings.help.annuler")
async def cancel(ctx: Ctx, text: str) -> Message:
    """Coordinators are asked to confirm: cancelling tells everyone who answered."""
    ctx.require_coordinator()
    words = words_of(text)
    if words and is_series_word(words[0]):
        return await ask_cancel_series(ctx, words[1:])
    meeting = await pick_meeting(ctx, words)
    if words:
        raise ctx.usage_error()
    require_open(ctx, meeting)
    answered = len(await store.rsvp_people(ctx, meeting.id or 0))
    return render.cancel_question(ctx, meeting, answered, await ask_cancel(ctx, meeting))


async def ask_cancel(ctx: Ctx, meeting: Meeting) -> str:
    """Open a cancel question (a pending job until answered or expired); its button value.

    The value ``<id>:<sequence>:<token>`` holds only while the question is pending and the
    meeting is the same version: « Non », a later change or an hour's wait disarm « Oui ».
    """
    token = secrets.token_hex(4)
    due = ctx.now + QUESTION_LIFETIME
    await ctx.schedule(QUESTION, f"{meeting.id}:{token}", due, {}, meeting.channel)
    return f"{meeting.id}:{meeting.sequence}:{token}"


async def answered_question(ctx: Ctx, value: str) -> Meeting:
    """The meeting of a cancel question still pending, for this version; closes the question."""
    meeting = confirmed(await store.find_meeting(ctx, value_id(value)), value[:20])
    require_open(ctx, meeting)
    sequence, token = question_value(value)
    key = f"{meeting.id}:{token}"
    pending = bool(token) and await store.question_pending(ctx, key)
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
    """« Non, la garder »: nothing changes, and this question's « Oui » no longer works.

    Like « Oui », only the coordination may answer: anyone else is refused, and the question
    stays open."""
    ctx.require_coordinator()
    return render.kept(ctx, await answered_question(ctx, value))


@feature.command(
    "rencontre", "reporter", aliases=("deplacer", "move"), help="meetings.help.reporter"
)
async def reschedule(ctx: Ctx, text: str) -> Reply:
    """Coordinators move a meeting: the same reminders move with it, people are told.

    ``… | lieu | titre`` after the date changes the place (or link) and title as well."""
    ctx.require_coordinator()
    first, _, after = text.strip().partition(" ")
    if is_series_word(first):
        return await move_series(ctx, after)
    head, _, tail = text.partition("|")
    meeting_id, rest = meeting_and_date(ctx, head)
    if meeting_id is None:
        meeting = await next_meeting(ctx)
    else:
        meeting = await channel_meeting(ctx, meeting_id)
    if not rest.strip():
        raise ctx.usage_error()
    require_open(ctx, meeting)
    starts, ends = checked_span(ctx, rest)
    if ends is None and meeting.ends_at is not None:  # its own length moves with it
        ends = starts + (meeting.ends_at - meeting.starts_at)
    location, title, _ = split_plan(tail) if tail.strip() else ("", "", "")
    changes = edits(ctx, meeting, location or None, title or None)
    moved = (starts, ends) != (meeting.starts_at, meeting.ends_at)
    if not moved and not changes:
        raise UserError("meetings.same_date", when=when_text(ctx, meeting))
    before = when_text(ctx, meeting)
    if not moved:
        return await announce_change(ctx, meeting, "meetings.edited", changes="\n".join(changes))
    meeting.starts_at, meeting.ends_at = starts, ends
    await schedule_jobs(ctx, meeting)
    return await announce_change(
        ctx,
        meeting,
        "meetings.rescheduled",
        before=before,
        when=when_text(ctx, meeting),
        also=render.also_changed(ctx, changes),
    )


# -- a whole series: move, cancel ----------------------------------------------------------
async def series_anchor(ctx: Ctx, word: str | None) -> Meeting:
    """Meeting ``#ID`` (``word``) of a series, or the channel's next meeting in a series; a
    message saying what to type otherwise."""
    meeting_id = meeting_ref(word) if word else None
    if word and meeting_id is None:
        raise UserError("meetings.series_which", word=word[:30])
    if meeting_id is None:
        meeting = await store.next_in_series(ctx)
        if meeting is None:
            raise UserError("meetings.no_series")
    else:
        meeting = await channel_meeting(ctx, meeting_id)
    if meeting.series_id is None:
        raise UserError("meetings.not_in_series", id=meeting.id)
    return meeting


async def series_left(ctx: Ctx, word: str | None) -> list[Meeting]:
    """The meetings still to come of the series of meeting ``#ID`` (``word``), or of the
    channel's next meeting in a series."""
    meeting = await series_anchor(ctx, word)
    left = await store.series_upcoming(ctx, meeting.series_id)
    if not left:
        raise UserError("meetings.series_nothing_left", id=meeting.id)
    return left


async def move_series(ctx: Ctx, text: str) -> Reply:
    """``/rencontre deplacer serie [#ID] +1 semaine`` shifts every meeting still to come;
    ``… serie #ID le 3e mercredi de chaque mois à 13 h 30 (4 fois)`` gives them new dates
    (as many as there are meetings left). Each meeting keeps its number, answers and agenda."""
    word, rest = series_and_change(ctx, text)
    left = await series_left(ctx, word)
    if not rest.strip():
        raise UserError("meetings.series_move_usage", id=left[0].id, count=len(left))
    dates = series_dates(ctx, left, rest.strip())
    if dates == [(m.starts_at, m.ends_at) for m in left]:
        raise UserError("meetings.series_same_dates")
    lines = []
    for meeting, (starts, ends) in zip(left, dates, strict=True):
        before = when_text(ctx, meeting)
        meeting.starts_at, meeting.ends_at = starts, ends
        meeting.sequence += 1
        await store.save(ctx, meeting)
        await schedule_jobs(ctx, meeting)
        lines.append(render_series.moved_line(ctx, meeting, before))
    return await series_announced(ctx, left, "meetings.series_moved", "\n".join(lines))


def series_and_change(ctx: Ctx, text: str) -> tuple[str | None, str]:
    """``#12 +1 semaine`` → (« #12 », « +1 semaine »); a bare leading number is the meeting
    unless the whole text is the change (« 1 semaine plus tard », « 12 novembre et 3 déc. »)."""
    first, _, rest = text.strip().partition(" ")
    if meeting_ref(first) is None:
        return None, text
    if not first.startswith("#") and (read_shift(text) is not None or reads_as_series(ctx, text)):
        return None, text
    return first, rest


def reads_as_series(ctx: Ctx, text: str) -> bool:
    try:
        ctx.parse_series(text)
    except UserError:
        return False
    return True


def series_dates(
    ctx: Ctx, left: list[Meeting], text: str
) -> list[tuple[datetime, datetime | None]]:
    """The new (start, end) of each meeting left: shifted, or the dates of a new series."""
    shift = read_shift(text)
    if shift is not None:
        if shift.amount == 0:
            raise UserError("meetings.series_same_dates")
        dates = [
            (
                shift.apply(m.starts_at, ctx.tz),
                shift.apply(m.ends_at, ctx.tz) if m.ends_at else None,
            )
            for m in left
        ]
    else:
        try:
            typed = ctx.parse_series(text)
        except UserError as error:
            if error.key != "when.series_not_understood":
                raise
            raise UserError("meetings.series_move_usage", id=left[0].id, count=len(left)) from None
        if len(typed) != len(left):
            raise UserError(
                "meetings.series_count_mismatch", count=len(left), given=len(typed), text=text[:80]
            )
        dates = [
            (starts, ends or (m.ends_at and starts + (m.ends_at - m.starts_at)))
            for m, (starts, ends) in zip(left, typed, strict=True)
        ]
    if dates[0][0] <= ctx.now:
        raise UserError("meetings.series_shift_past", when=ctx.when(dates[0][0]))
    check_ahead(ctx, dates[-1][0])
    return dates


async def series_announced(ctx: Ctx, meetings: list[Meeting], key: str, lines: str) -> Reply:
    """Every card of the series brought up to date, and one notice in the channel naming
    those who answered, with one .ics holding every meeting changed."""
    cards: list[Output] = []
    names: list[str] = []
    for meeting in meetings:
        await ctx.hook_safely(hooks.MEETING_CHANGED, meeting.id)  # e.g. invitations by mail
        cards.extend(await refreshed_cards(ctx, meeting))
        for rsvp in await store.rsvp_people(ctx, meeting.id or 0):
            name = await ctx.display_name(rsvp.user_id)  # names, never pings
            if name not in names:
                names.append(name)
    ics = await ics_of(ctx, meetings, render.ics_name(ctx, None))
    return [*cards, render_series.series_notice(ctx, key, meetings, lines, names, ics)]


async def ask_cancel_series(ctx: Ctx, words: list[str]) -> Message:
    """« Annuler les 4 rencontres à venir de la série ? », armed like a single cancel: an
    hour, and only while no meeting of the series changed."""
    if len(words) > 1:
        raise UserError("meetings.series_which", word=" ".join(words)[:30])
    left = await series_left(ctx, words[0] if words else None)
    series_id = left[0].series_id
    token = secrets.token_hex(4)
    due = ctx.now + QUESTION_LIFETIME
    await ctx.schedule(QUESTION, f"s{series_id}:{token}", due, {}, left[0].channel)
    value = f"{series_id}:{series_version(left)}:{token}"
    return render_series.cancel_question(ctx, left, value)


async def answered_series_question(ctx: Ctx, value: str) -> list[Meeting]:
    """The meetings left of a series whose cancel question is still pending, unchanged."""
    series_id = value_id(value)
    sequence, token = question_value(value)
    key = f"s{series_id}:{token}"
    left = await store.series_upcoming(ctx, series_id)
    pending = bool(token) and await store.question_pending(ctx, key)
    if not left or not pending or sequence != series_version(left):
        raise UserError("meetings.series_cancel_stale", id=series_id)
    in_channel(ctx, left[0])
    await ctx.cancel_jobs(QUESTION, key)
    return left


@feature.action("meetings.cancel_series")
async def cancel_series(ctx: Ctx, value: str) -> Reply:
    """Every meeting of the series still to come is cancelled; those who answered are told."""
    ctx.require_coordinator()
    left = await answered_series_question(ctx, value)
    for meeting in left:
        meeting.status = CANCELLED
        meeting.sequence += 1
        await store.save(ctx, meeting)
        await cancel_jobs(ctx, meeting)
        await ctx.cancel_jobs(QUESTION, f"{meeting.id}:")
    lines = render_series.date_lines(ctx, left)
    return await series_announced(ctx, left, "meetings.series_cancelled", lines)


@feature.action("meetings.keep_series")
async def keep_series(ctx: Ctx, value: str) -> Message:
    """« Non, la garder »: nothing changes, and this question's « Oui » no longer works."""
    ctx.require_coordinator()
    return render_series.kept(ctx, await answered_series_question(ctx, value))


# -- /rencontre modifier -------------------------------------------------------------------
EDIT_FIELDS = {
    "lieu": "location",
    "lien": "location",
    "place": "location",
    "location": "location",
    "link": "location",
    "titre": "title",
    "title": "title",
}


@feature.command(
    "rencontre", "modifier", aliases=("edit", "changer"), help="meetings.help.modifier"
)
async def edit(ctx: Ctx, text: str) -> Reply:
    """``/rencontre modifier [#ID] lieu TEXTE`` (or ``lien``, ``titre``); alone, a form."""
    ctx.require_coordinator()
    words = words_of(text)
    meeting = await pick_meeting(ctx, words)
    require_open(ctx, meeting)
    if not words:
        return render.edit_form(ctx, meeting)
    field = EDIT_FIELDS.get(fold(words[0]))
    if field is None or len(words) < 2:
        raise ctx.usage_error()
    value = " ".join(words[1:])
    if field == "location":
        changes = edits(ctx, meeting, value, None)
    else:
        changes = edits(ctx, meeting, None, value)
    return await announced_edit(ctx, meeting, changes)


@feature.form("meetings.edit")
async def edit_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    ctx.require_coordinator()
    meeting = await open_meeting(ctx, state)
    fields = checked_form(values, {"lieu": MAX_LOCATION, "titre": MAX_TITLE}, set())
    try:
        changes = edits(ctx, meeting, fields["lieu"] or "", fields["titre"] or "", clear=True)
    except UserError as error:
        field = form_field(error)
        if field:
            raise FormInvalid({field: (error.key, error.params)}) from None
        raise
    return await announced_edit(ctx, meeting, changes)


def edits(
    ctx: Ctx, meeting: Meeting, location: str | None, title: str | None, *, clear: bool = False
) -> list[str]:
    """Apply a new place and title (None: unchanged; empty, with ``clear``: removed); one
    line per real change (« Lieu : A → B »)."""
    changes = []
    for field, value, limit in (("location", location, MAX_LOCATION), ("title", title, MAX_TITLE)):
        if value is None or (not value.strip() and not clear):
            continue
        new = optional_text(value, limit, field)
        old = getattr(meeting, field)
        if new == old:
            continue
        setattr(meeting, field, new)
        changes.append(render.change_line(ctx, field, old, new))
    return changes


async def announced_edit(ctx: Ctx, meeting: Meeting, changes: list[str]) -> Reply:
    """Tell the channel what changed, like a move does; nothing changed: nothing is told."""
    if not changes:
        return render.ephemeral(ctx.t("meetings.edit_nothing", id=meeting.id))
    return await announce_change(ctx, meeting, "meetings.edited", changes="\n".join(changes))


@feature.command("rencontre", "", help="meetings.help.default")
async def default(ctx: Ctx, text: str) -> Reply:
    """``/rencontre`` alone lists the upcoming meetings; ``/rencontre 6`` shows meeting 6 with
    who is coming; anything else is explained."""
    words = words_of(text)
    if len(words) == 1 and meeting_ref(words[0]) is not None:
        return await show_attendance(ctx, await channel_meeting(ctx, meeting_ref(words[0]) or 0))
    if text.strip():
        raise ctx.unknown_subcommand(text)
    return await list_meetings(ctx, "")


# -- /rencontre presences ------------------------------------------------------------------
@feature.command(
    "rencontre",
    "presences",
    aliases=("attendance", "presence", "qui"),
    help="meetings.help.presences",
)
async def presences(ctx: Ctx, text: str) -> Reply:
    """``/rencontre presences [#ID]`` who answered what (and who did not); after the meeting,
    ``/rencontre presences #ID @a @b …`` records who came (the coordination)."""
    words = words_of(text)
    if words and meeting_ref(words[0]) is None and user_ref(words[0]):
        meeting = await last_begun(ctx)  # who came: to the meeting just held
    else:
        meeting = await pick_meeting(ctx, words)
    if not words:
        return await show_attendance(ctx, meeting)
    ctx.require_coordinator()
    people = came_people(ctx, words)
    if meeting.status == CANCELLED:
        raise UserError("meetings.is_cancelled", id=meeting.id)
    if meeting.starts_at > ctx.now:
        raise UserError("meetings.came_too_soon", id=meeting.id, when=ctx.when(meeting.starts_at))
    await store.record_came(ctx, meeting.id or 0, people)
    message = await show_attendance(ctx, meeting)
    names = ", ".join([await ctx.display_name(p) for p in people])
    return [render.ephemeral(ctx.tn("meetings.came_recorded", len(people), names=names)), message]


def came_people(ctx: Ctx, words: list[str]) -> list[str]:
    """The people named as having come: ``@a @b …``, each once (up to 200)."""
    people, _ = trio_people(ctx, words)
    if not people or len(people) > 200:
        raise ctx.usage_error()
    return list(dict.fromkeys(people))


async def last_begun(ctx: Ctx) -> Meeting:
    """The channel's latest planned meeting that already began."""
    meeting = await store.last_begun(ctx)
    if meeting is None:
        raise UserError("meetings.none_held")
    return meeting


async def show_attendance(ctx: Ctx, meeting: Meeting) -> Message:
    """The meeting with its list: present, represented by whom, absent, no answer; and who
    came, once the coordination recorded it."""
    people = await people_of(ctx, meeting.id or 0)
    members = await store.members(ctx)
    answered = {p.user_id for p in people}
    silent = [m.display_name for m in members if m.user_id not in answered]
    came = await store.came(ctx, meeting.id or 0)
    came_names = [await ctx.display_name(user) for user in came]
    quorum = None
    if int(ctx.setting("quorum") or 0) and came:
        by_id = {m.user_id: m for m in members}
        there = [
            attendance.Attendee(
                u, "", fold((by_id[u].organisation or "") if u in by_id else ""), "present"
            )
            for u in came
        ]
        mode = quorum_mode(ctx)
        quorum = render.Quorum(int(ctx.setting("quorum")), attendance.voices(there, mode), mode)
    details = await meeting_details(ctx, meeting)
    return render.attendance_message(ctx, meeting, details, people, silent, came_names, quorum)


# -- /rencontre trio -----------------------------------------------------------------------
@feature.command("rencontre", "trio", aliases=("animation",), help="meetings.help.trio")
async def trio(ctx: Ctx, text: str) -> Reply:
    """``/rencontre trio [#ID]`` proposes (or shows) the trio; ``@a @b @c`` sets it by hand."""
    words = words_of(text)
    meeting = await pick_meeting(ctx, words)
    people, typed = trio_people(ctx, words)
    require_open(ctx, meeting)
    if people:
        return await set_by_hand(ctx, meeting, people, typed)
    first_proposal = not await store_trio.trio_seats(ctx, meeting.id or 0)
    await fill_open_roles(ctx, meeting)
    seats = await store_trio.trio_seats(ctx, meeting.id or 0)
    if first_proposal and any(seat.user_id is None for seat in seats.values()):
        raise UserError("meetings.trio_not_enough")  # rolled back: nothing is stored
    return [await trio_card(ctx, meeting), *await refreshed_cards(ctx, meeting)]


async def fill_open_roles(ctx: Ctx, meeting: Meeting) -> list[str]:
    """Propose someone for each role without a taker; returns the users newly proposed."""
    seats = await store_trio.trio_seats(ctx, meeting.id or 0)
    organisations = set()
    for seat in taken_seats(seats):
        member = await ctx.member(seat.user_id or "")
        if member and member.organisation:
            organisations.add(fold(member.organisation))
    candidates = ranked_candidates(
        await store_trio.members_with_organisation(ctx),
        await store_trio.away(ctx, meeting),
        await store_trio.services(ctx, meeting),
    )
    declined = await store_trio.declined_roles(ctx, meeting)
    changed, proposed = propose(
        ctx.workspace, meeting.id or 0, seats, candidates, organisations, declined
    )
    await store.save(ctx, *changed, flush=True)
    return proposed


async def set_by_hand(
    ctx: Ctx, meeting: Meeting, people: list[str], typed: dict[str, str]
) -> Reply:
    """Coordinators name the three people (accepted at once); organisations must differ.

    ``typed`` gives how each person was written, to name someone not met yet as typed."""
    ctx.require_coordinator()
    check_three(people)
    members = []
    for user_id in people:
        member = await ctx.member(user_id)
        if member is None:
            raise UserError("meetings.trio_unknown_person", person=typed.get(user_id, user_id)[:40])
        members.append(member)
    check_members(members, await store_trio.away(ctx, meeting))
    seats = await store_trio.trio_seats(ctx, meeting.id or 0)
    for seat in seated(ctx.workspace, meeting.id or 0, seats, people):
        await store.save(ctx, seat)
        await store.save_answer(ctx, meeting, "present", None, seat.user_id)  # a role: attending
    await store.flush(ctx)
    return [await trio_card(ctx, meeting), *await refreshed_cards(ctx, meeting)]


async def my_seat(ctx: Ctx, value: str) -> tuple[Meeting, TrioSeat]:
    """The meeting named by a button value, and the role the person holds in its trio."""
    meeting = await open_meeting(ctx, value)
    seat = await store_trio.serving_seat(ctx, meeting)
    if seat is None:
        raise NotAllowed("meetings.trio_not_yours")
    return meeting, seat


@feature.action("meetings.trio_yes")
async def accept(ctx: Ctx, value: str) -> Reply:
    """Accept the role: the person is also recorded as present at the meeting."""
    meeting, seat = await my_seat(ctx, value)
    seat.status = "accepted"
    await store.save(ctx, seat, flush=True)
    change = await now_present(ctx, meeting)
    return [
        Update(render_trio.trio_key(meeting.id), await trio_card(ctx, meeting)),
        *await refreshed_cards(ctx, meeting),
        render_trio.accepted(ctx, meeting, seat, change),
    ]


async def now_present(ctx: Ctx, meeting: Meeting) -> str | None:
    """Record the person as present; what changed in their answer, to tell them (or None)."""
    before = await store.my_answer(ctx, meeting)
    if before == "present":
        return None
    await store.save_answer(ctx, meeting, "present", None)
    return render_trio.now_present(ctx, before)


@feature.action("meetings.trio_no")
async def decline(ctx: Ctx, value: str) -> Reply:
    """Decline: never proposed again for this meeting; a replacement is proposed at once."""
    meeting, seat = await my_seat(ctx, value)
    await store_trio.record_decline(ctx, meeting, seat.role)
    return [*await step_down(ctx, meeting, seat), *await refreshed_cards(ctx, meeting)]


async def step_down(ctx: Ctx, meeting: Meeting, seat: TrioSeat) -> list[Output]:
    """The seat's person cannot serve: someone else is proposed, or the role stays open."""
    seat.status = "declined"
    await store.save(ctx, seat, flush=True)
    proposed = await fill_open_roles(ctx, meeting)
    name = await ctx.display_name(ctx.user_id)
    replacement = await ctx.display_name(proposed[0]) if proposed else None
    return [
        Update(render_trio.trio_key(meeting.id), await trio_card(ctx, meeting)),
        render_trio.stepped_down(ctx, meeting, seat, name, replacement),
    ]


async def leave_if_away(ctx: Ctx, meeting: Meeting, answer: str) -> list[Output]:
    """Someone serving in the trio answers absent or delegated: their role is passed on."""
    if answer not in AWAY:
        return []
    seat = await store_trio.serving_seat(ctx, meeting)
    return await step_down(ctx, meeting, seat) if seat else []


# -- RSVP ----------------------------------------------------------------------------------
@feature.action("meetings.rsvp")
async def answer(ctx: Ctx, value: str) -> Reply:
    """``<meeting id>:p|a|d``; the delegated answer opens a form asking whom."""
    code = value.partition(":")[2]
    if code not in ANSWER_CODES:
        raise NotFound("meetings.unknown_meeting", id=value[:20])
    meeting = in_channel(ctx, await open_meeting(ctx, value))
    if ANSWER_CODES[code] == "delegated":
        return render.delegate_form(ctx, meeting)
    return await record(ctx, meeting, ANSWER_CODES[code], None)


@feature.form("meetings.delegate")
async def delegated(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    fields = checked_form(values, {"delegue": MAX_DELEGATE}, {"delegue"})
    meeting = in_channel(ctx, await open_meeting(ctx, state))
    return await record(ctx, meeting, "delegated", fields["delegue"])


async def record(ctx: Ctx, meeting: Meeting, answer: str, delegate: str | None) -> Reply:
    """Store the person's answer (one per person) and refresh the meeting's card in place.

    Absent or delegated, they leave the trio if they served in it: someone else is proposed.
    """
    await store.save_answer(ctx, meeting, answer, delegate)
    trio_changes = await leave_if_away(ctx, meeting, answer)
    counted = False
    if answer == "delegated":
        people = await people_of(ctx, meeting.id or 0)
        counted = attendance.counted_already(people, ctx.user_id, quorum_mode(ctx))
    return [
        *trio_changes,
        *await refreshed_cards(ctx, meeting),
        render.rsvp_saved(ctx, meeting, answer, delegate, counted_already=counted),
    ]


@feature.hook(hooks.MEETING_ATTENDEES)
async def attendees(ctx: Ctx, meeting_id: int) -> list[str] | None:
    """Who came to the meeting (for its evaluation); None when the meeting is unknown.

    Once the coordination recorded who came (``/rencontre presences #ID @a @b``), that record;
    before, those who answered Présent·e and the delegates known to Outarde who represent
    someone. Those who answered Représenté·e are left out: they were not there.
    """
    if await store.find_meeting(ctx, meeting_id) is None:
        return None
    came = await store.came(ctx, meeting_id)
    if came:
        return came
    people = await people_of(ctx, meeting_id)
    found = [p.user_id for p in people if p.answer == "present"]
    found += [p.delegate_id for p in people if p.answer == "delegated" and p.delegate_id]
    return list(dict.fromkeys(found))
