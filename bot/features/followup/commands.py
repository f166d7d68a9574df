"""The /suivi commands, buttons, forms, jobs and hooks."""

from __future__ import annotations

import json
from datetime import datetime

from bot import hooks
from bot.ctx import Ctx
from bot.errors import FormInvalid, UserError
from bot.exports import markdown_attachment
from bot.features.followup import items, reports, store, store_reports
from bot.features.followup.docx_export import docx_attachment
from bot.features.followup.export_files import ExportFiles
from bot.features.followup.parsing import (
    MAX_OWNER,
    MAX_TEXT,
    MAX_WHEN,
    ActionLine,
    ListFilter,
    checked_item_text,
    filter_word,
    item_number,
    parse_action,
    read_filter,
    split_meeting,
    split_organisation,
    split_page,
)
from bot.features.followup.render import (
    assigned_card,
    assigned_key,
    cards,
    channel_ref,
    followup_section,
    help_message,
    history_message,
    item_card,
    item_key,
    item_line,
    list_message,
    overdue_message,
    owner_note,
    owner_of,
    private_reminder,
    reminder_message,
)
from bot.features.followup.render_reports import (
    invitation,
    report_form,
    report_key,
    report_markdown,
    report_message,
    report_sections,
)
from bot.features.followup.rules import (
    APPROVED,
    DECISION,
    DONE,
    HELP,
    MARKED_DONE,
    OPEN,
    PAGE_SIZE,
    POSTPONED,
    next_weekly,
)
from bot.messages import Form, Message, Output, Reply, TextInput, Update, text_message
from bot.paging import read_page_value
from bot.router import Feature
from bot.text import fold, harmless, truncate, user_ref
from bot.validation import checked_form
from storage.models import Job
from storage.models.followup import FollowupItem, FollowupReport

feature = Feature("followup")

ACTION_LIMITS = {
    "responsable": MAX_OWNER,
    "action": MAX_TEXT,
    "echeance": MAX_WHEN,
    "rencontre": 12,
}
DECISION_LIMITS = {"decision": MAX_TEXT, "rencontre": 12}


# -- recording -------------------------------------------------------------------------------
def action_form(ctx: Ctx) -> Form:
    return Form(
        form_id="followup.action",
        title=ctx.t("followup.action_form.title"),
        inputs=[
            TextInput(
                "responsable",
                ctx.t("followup.action_form.owner"),
                max_length=MAX_OWNER,
                placeholder=ctx.t("followup.action_form.owner_hint"),
            ),
            TextInput("action", ctx.t("followup.action_form.text"), True, max_length=MAX_TEXT),
            TextInput("echeance", ctx.t("followup.action_form.due"), False, False, MAX_WHEN),
            TextInput("rencontre", ctx.t("followup.form.meeting"), False, False, 12),
        ],
        submit_label=ctx.t("followup.action_form.submit"),
    )


def decision_form(ctx: Ctx) -> Form:
    return Form(
        form_id="followup.decision",
        title=ctx.t("followup.decision_form.title"),
        inputs=[
            TextInput("decision", ctx.t("followup.decision_form.text"), True, max_length=MAX_TEXT),
            TextInput("rencontre", ctx.t("followup.form.meeting"), False, False, 12),
        ],
        submit_label=ctx.t("followup.decision_form.submit"),
    )


async def posted_action(ctx: Ctx, line: ActionLine) -> list[Output]:
    """Record an action; post its card; tell the person who recorded it (privately)."""
    owner, text, due, channel = await items.action_from(ctx, line)
    item = await items.record_action(ctx, owner, text, due, line.meeting_id, channel=channel)
    names = await items.names_for(ctx, [item])
    outputs: list[Output] = [*cards(ctx, item, names), *await told_owners(ctx, [item])]
    if item.owner_id == ctx.user_id:
        note = ctx.t("followup.assigned_to_you", number=item.id)
    else:
        note = ctx.t("followup.recorded_action", number=item.id, owner=owner_of(ctx, item, names))
        if item.owner_id:
            note += " " + ctx.t("followup.owner_told")
    if channel:
        note += " " + ctx.t("followup.assigned_there", channel=channel_ref(channel))
    if due is not None:
        note += " " + ctx.t("followup.reminders_planned")
    return [*outputs, text_message(note)]


async def told_owners(ctx: Ctx, new: list[FollowupItem]) -> list[Output]:
    """A private message to each person given an action by someone else."""
    by = await ctx.display_name(ctx.user_id)
    return [
        owner_note(ctx, item, by) for item in new if item.owner_id and item.owner_id != ctx.user_id
    ]


@feature.command("suivi", "action", aliases=("task",), help="followup.help.action")
async def action_command(ctx: Ctx, text: str) -> Reply:
    """``/suivi action @personne TEXTE pour QUAND [#rencontre]``, or the form."""
    if not text.strip():
        return action_form(ctx)
    return await posted_action(ctx, parse_action(text))


@feature.form("followup.action")
async def action_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    cleaned = checked_form(values, ACTION_LIMITS, {"responsable", "action"})
    meeting = meeting_field(cleaned["rencontre"])
    line = ActionLine(f"{cleaned['responsable']} {cleaned['action']}", cleaned["echeance"], meeting)
    try:
        return await posted_action(ctx, line)
    except UserError as error:
        field = "echeance" if error.key.startswith(("when.", "followup.due")) else "responsable"
        if error.key.startswith(("followup.empty", "followup.too_long")):
            field = "action"
        raise FormInvalid({field: (error.key, error.params)}) from None


def meeting_field(text: str) -> int | None:
    """The optional meeting number of a form (« 12 » or « #12 »)."""
    if not text.strip():
        return None
    try:
        return item_number(text)
    except UserError:
        raise FormInvalid({"rencontre": ("followup.bad_meeting_field", {})}) from None


async def posted_decision(ctx: Ctx, text: str, meeting_id: int | None) -> list[Output]:
    await items.checked_meeting(ctx, meeting_id)
    item = await items.record_decision(ctx, checked_item_text(text, DECISION), meeting_id)
    note = ctx.t("followup.recorded_decision", number=item.id)
    return [item_card(ctx, item, {}), text_message(note)]


@feature.command("suivi", "decision", aliases=("décision",), help="followup.help.decision")
async def decision_command(ctx: Ctx, text: str) -> Reply:
    if not text.strip():
        return decision_form(ctx)
    body, meeting_id = split_meeting(text)
    return await posted_decision(ctx, body, meeting_id)


@feature.form("followup.decision")
async def decision_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    cleaned = checked_form(values, DECISION_LIMITS, {"decision"})
    return await posted_decision(ctx, cleaned["decision"], meeting_field(cleaned["rencontre"]))


# -- following up ----------------------------------------------------------------------------
async def changeable(ctx: Ctx, value: str) -> FollowupItem:
    """The open action a button or command names, if the person may change it."""
    item = await store.get_item(ctx, item_number(value), lock=True)
    await items.require_change(ctx, item)
    items.open_item(item)
    return item


async def updated_cards(ctx: Ctx, item: FollowupItem, note: str = "") -> list[Output]:
    """The action's cards updated in place (where it was recorded, and in the sous-comité's
    channel); a change made in the sous-comité is also told where the action was recorded."""
    names = await items.names_for(ctx, [item])
    card = item_card(ctx, item, names, note)
    outputs: list[Output] = [Update(item_key(item), card)]
    if item.assigned_channel:
        outputs.append(Update(assigned_key(item), assigned_card(ctx, item, names, note)))
    if ctx.place.channel != item.channel:
        text = ctx.t(
            "followup.changed_elsewhere",
            channel=channel_ref(ctx.place.channel),
            line=item_line(ctx, item, names).lstrip("• "),
        )
        changed = text_message(text, ephemeral=False)
        changed.channel = item.channel
        outputs.append(changed)
    return outputs


async def mark_done(ctx: Ctx, value: str) -> list[Output]:
    item = await changeable(ctx, value)
    item.status, item.done_at = DONE, ctx.now
    await store.save(ctx, item)
    await store.add_event(ctx, item.id or 0, MARKED_DONE)
    await items.plan_reminders(ctx, item)  # cancels them
    name = await ctx.display_name(ctx.user_id)
    note = ctx.t("followup.done_by", name=name, when=ctx.when(ctx.now))
    return [
        *await updated_cards(ctx, item, note),
        text_message(ctx.t("followup.done", number=item.id)),
    ]


@feature.action("followup.done")
async def done_button(ctx: Ctx, value: str) -> Reply:
    return await mark_done(ctx, value)


@feature.command("suivi", "fait", aliases=("done", "faite"), help="followup.help.fait")
async def done_command(ctx: Ctx, text: str) -> Reply:
    if not text.strip():
        raise ctx.usage_error()
    return await mark_done(ctx, text)


@feature.action("followup.postpone")
async def postpone_button(ctx: Ctx, value: str) -> Form:
    item = await changeable(ctx, value)
    return Form(
        form_id="followup.postpone",
        title=ctx.t("followup.postpone_form.title", number=item.id),
        inputs=[
            TextInput(
                "echeance",
                ctx.t("followup.postpone_form.due"),
                max_length=MAX_WHEN,
                placeholder=ctx.t("followup.postpone_form.hint"),
            )
        ],
        submit_label=ctx.t("followup.postpone_form.submit"),
        state=str(item.id),
    )


@feature.form("followup.postpone")
async def postpone_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    cleaned = checked_form(values, {"echeance": MAX_WHEN}, {"echeance"})
    item = await changeable(ctx, state)
    try:
        due = items.checked_due(ctx, cleaned["echeance"])
    except UserError as error:
        raise FormInvalid({"echeance": (error.key, error.params)}) from None
    before = ctx.when(item.due_at) if item.due_at else ctx.t("followup.no_due")
    item.due_at = due
    await store.save(ctx, item)
    after = ctx.when(due) if due else ""
    await store.add_event(ctx, item.id or 0, POSTPONED, f"{before} → {after}")
    await items.plan_reminders(ctx, item)
    said = ctx.t("followup.postponed", number=item.id, when=after)
    return [*await updated_cards(ctx, item), text_message(said)]


@feature.action("followup.help")
async def help_button(ctx: Ctx, value: str) -> Reply:
    """Tell the coordination, and ask the table who can help."""
    item = await changeable(ctx, value)
    await store.add_event(ctx, item.id or 0, HELP)
    names = await items.names_for(ctx, [item])
    asker = await ctx.display_name(ctx.user_id)
    outputs: list[Output] = [help_message(ctx, item, names, asker)]
    if ctx.place.channel != item.channel:  # asked in the sous-comité: the table is asked too
        there = help_message(ctx, item, names, asker)
        there.channel = item.channel
        outputs.append(there)
    return [*outputs, text_message(ctx.t("followup.help_sent", number=item.id))]


@feature.action("followup.history")
async def history_button(ctx: Ctx, value: str) -> Message:
    return await history(ctx, value)


async def history(ctx: Ctx, value: str) -> Message:
    item = await store.get_item(ctx, item_number(value))
    events = await store.events_of(ctx, item.id or 0)
    names = await items.names_for(ctx, [item])
    for event in events:
        if event.by and event.by not in names:
            names[event.by] = await ctx.display_name(event.by)
    return history_message(ctx, item, events, names)


@feature.command("suivi", "historique", aliases=("history",), help="followup.help.historique")
async def history_command(ctx: Ctx, text: str) -> Message:
    if not text.strip():
        raise ctx.usage_error()
    return await history(ctx, text)


# -- lists and exports -----------------------------------------------------------------------
async def list_filter(ctx: Ctx, text: str) -> ListFilter:
    """What follows /suivi liste: mes, @personne, an organisation, en retard, #rencontre."""
    wanted = filter_word(text)
    if wanted is not None:
        return wanted
    person = user_ref(text.strip())
    if person is not None:
        return ListFilter("person", person)
    if text.strip().startswith("@"):
        member = await store.member_named(ctx, text.strip()[1:])
        if member is None:
            raise UserError("followup.unknown_person", person=harmless(truncate(text, 60)))
        return ListFilter("person", member.user_id)
    found = split_organisation(text, await store.organisations(ctx))
    if found is None or found[1]:
        raise UserError("followup.unknown_filter", word=harmless(truncate(text.strip(), 60)))
    return ListFilter("org", fold(found[0]))


async def listing(ctx: Ctx, wanted: ListFilter, page: int) -> Message:
    organisation_key = await items.organisation_key(ctx)
    rows, where = await store.page_items(ctx, wanted, organisation_key, page, PAGE_SIZE)
    title = await filter_title(ctx, wanted)
    names = await items.names_for(ctx, rows)
    return list_message(ctx, title, rows, names, where, wanted.state)


async def filter_title(ctx: Ctx, wanted: ListFilter) -> str:
    if wanted.kind == "person":
        return ctx.t("followup.filter.person", name=await ctx.display_name(wanted.value))
    if wanted.kind == "org":
        names = await store.organisations(ctx)
        return ctx.t("followup.filter.org", name=names.get(wanted.value, wanted.value))
    if wanted.kind == "meeting":
        return ctx.t("followup.filter.meeting", number=wanted.value)
    return ctx.t(f"followup.filter.{wanted.kind}")


@feature.command("suivi", "liste", aliases=("list",), help="followup.help.liste")
async def list_command(ctx: Ctx, text: str) -> Message:
    words, page = split_page(text)
    return await listing(ctx, await list_filter(ctx, words), page)


@feature.action("followup.page")
async def page_button(ctx: Ctx, value: str) -> Message:
    number, state = read_page_value(value)
    return await listing(ctx, read_filter(state), number)


@feature.command("suivi", "exporter", aliases=("export",), help="followup.help.exporter")
async def export_command(ctx: Ctx, text: str) -> Message:
    """The channel's decisions and actions as files, written a chunk at a time as read."""
    files = ExportFiles(ctx)
    async for some in store.all_items(ctx):
        files.add(some, await items.names_for(ctx, some))
    return files.message()


@feature.command("suivi", "", help="followup.help.default")
async def default(ctx: Ctx, text: str) -> Message:
    """``/suivi`` alone lists the open actions."""
    if text.strip():
        raise ctx.unknown_subcommand(text)
    return await listing(ctx, ListFilter(), 1)


# -- the compte rendu ------------------------------------------------------------------------
@feature.hook(hooks.MEETING_ENDED)
async def after_meeting(ctx: Ctx, meeting_id: int, title: str) -> Reply:
    """Ask the synthèse person (else the coordination) to write the compte rendu."""
    report = await reports.awaited_report(ctx, meeting_id, title)
    if report is None:
        return None
    author = await ctx.display_name(report.author_id) if report.author_id else None
    return invitation(ctx, report, author)


@feature.action("followup.report_write")
async def write_button(ctx: Ctx, value: str) -> Form:
    report = await store_reports.get_report(ctx, item_number(value))
    reports.require_writer(ctx, report)
    return report_form(ctx, report)


@feature.form("followup.report")
async def report_submitted(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    report = await store_reports.get_report(ctx, item_number(state), lock=True)
    reports.require_writer(ctx, report)
    first = report.status != "brouillon"
    cleaned, decisions, actions = await reports.checked_report(ctx, values)
    new_actions = await reports.save_report(ctx, report, cleaned, decisions, actions)
    message = await posted_report(ctx, report)
    outputs: list[Output] = [message if first else Update(report_key(report), message)]
    names = await items.names_for(ctx, new_actions)
    for item in new_actions:
        outputs.extend(cards(ctx, item, names))
    outputs.extend(await told_owners(ctx, new_actions))
    outputs.append(text_message(ctx.t("followup.report_saved", number=report.id)))
    return outputs


async def posted_report(ctx: Ctx, report: FollowupReport) -> Message:
    author = await ctx.display_name(report.author_id) if report.author_id else ""
    approver = await ctx.display_name(report.approved_by) if report.approved_by else ""
    return report_message(ctx, report, author, approver)


async def exported_report(ctx: Ctx, value: str) -> Message:
    report = await store_reports.get_report(ctx, item_number(value))
    if report.status == "attendu":
        raise UserError("followup.report_not_written", number=report.id)
    author = await ctx.display_name(report.author_id) if report.author_id else ""
    approver = await ctx.display_name(report.approved_by) if report.approved_by else ""
    markdown = report_markdown(ctx, report, author, approver)
    status = ctx.t(f"followup.report_status.{report.status}")
    document = docx_attachment(
        f"compte-rendu-{report.id}.docx",
        report.title,
        f"{status} — {author}",
        report_sections(ctx, report),
        ctx.t("followup.report_nothing"),
    )
    text = ctx.t("followup.report_exported", number=report.id)
    files = [markdown_attachment(f"compte-rendu-{report.id}.md", markdown), document]
    return Message(blocks=[text_message(text).blocks[0]], text=text, ephemeral=True, files=files)


@feature.action("followup.report_export")
async def export_button(ctx: Ctx, value: str) -> Message:
    return await exported_report(ctx, value)


REPORT_WORDS = {
    "approuver": "approve",
    "approve": "approve",
    "adopter": "approve",
    "exporter": "export",
    "export": "export",
    "corriger": "correct",
    "correct": "correct",
    "edit": "correct",
}


@feature.command(
    "suivi", "compte-rendu", aliases=("cr", "minutes", "compterendu"), help="followup.help.cr"
)
async def report_command(ctx: Ctx, text: str) -> Reply:
    """``/suivi compte-rendu [approuver | exporter | corriger] #N``, or the latest ones."""
    words = text.split()
    if not words:
        return await recent(ctx)
    verb = REPORT_WORDS.get(fold(words[0]), "show") if len(words) > 1 else "show"
    number = words[-1]
    if verb == "approve":
        return await approve(ctx, number)
    if verb == "export":
        return await exported_report(ctx, number)
    if verb == "correct":
        return await write_button(ctx, number)
    if len(words) > 1:
        raise ctx.usage_error()
    report = await store_reports.get_report(ctx, item_number(number))
    message = await posted_report(ctx, report)
    message.ephemeral, message.key = True, None
    return message


async def recent(ctx: Ctx) -> Message:
    found = await store_reports.recent_reports(ctx)
    if not found:
        return text_message(ctx.t("followup.no_reports"))
    lines = [
        ctx.t(
            "followup.report_line",
            number=r.id,
            title=r.title,
            status=ctx.t(f"followup.report_status.{r.status}"),
        )
        for r in found
    ]
    return text_message(ctx.t("followup.reports_title") + "\n" + "\n".join(lines))


async def approve(ctx: Ctx, number: str) -> list[Output]:
    """The coordination records that the table approved the draft."""
    ctx.require_coordinator()
    report = await store_reports.get_report(ctx, item_number(number), lock=True)
    if report.status == APPROVED:
        raise UserError("followup.report_already_approved", number=report.id)
    if report.status != "brouillon":
        raise UserError("followup.report_not_written", number=report.id)
    report.status, report.approved_at, report.approved_by = APPROVED, ctx.now, ctx.user_id
    await store.save(ctx, report)
    message = await posted_report(ctx, report)
    said = ctx.t("followup.report_approved", number=report.id, title=report.title)
    return [Update(report_key(report), message), text_message(said, ephemeral=False)]


@feature.hook(hooks.MEETING_AGENDA_EXTRAS)
async def agenda_extras(ctx: Ctx) -> list[str] | None:
    """The adoption of each draft compte rendu, as a point of the next agenda."""
    waiting = await store_reports.drafts(ctx)
    if not waiting:
        return None
    return [ctx.t("followup.agenda_line", number=r.id, title=r.title) for r in waiting]


# -- reminders and the meeting's « Suivi » section ------------------------------------------
@feature.job(hooks.FOLLOWUP_REMINDER)
async def remind(ctx: Ctx, job: Job) -> Reply:
    """3 days before the due date, and on the day: remind the owner in the channel."""
    payload = json.loads(job.payload or "{}")
    item = await store.find_item(ctx, job.workspace, job.channel, int(payload.get("item", 0)))
    if item is None or item.status != OPEN or item.due_at is None:
        return None
    if not same_instant(item.due_at, payload.get("due")):
        return None  # postponed since: its new reminders are planned
    names = await items.names_for(ctx, [item])
    when = str(payload.get("when", ""))
    reminder = reminder_message(ctx, item, names, when)
    reminder.channel = item.assigned_channel  # the sous-comité does the work
    if item.owner_id is None:
        return reminder
    return [reminder, private_reminder(ctx, item, when)]


def same_instant(instant: datetime, written: object) -> bool:
    """True when ``written`` (a job's ISO date) is ``instant``."""
    try:
        return datetime.fromisoformat(str(written)) == instant
    except ValueError:
        return False


@feature.job(hooks.FOLLOWUP_OVERDUE)
async def weekly_overdue(ctx: Ctx, job: Job) -> Reply:
    """Once a week: the overdue actions of the channel, for the coordination."""
    open_items = await store.open_actions(ctx)
    if open_items:
        await ctx.schedule(hooks.FOLLOWUP_OVERDUE, job.key, next_weekly(ctx.now, ctx.tz))
    late = [item for item in open_items if item.due_at is not None and item.due_at < ctx.now]
    if not late:
        return None
    return overdue_message(ctx, late, await items.names_for(ctx, late))


@feature.hook(hooks.MEETING_REMINDER_SECTIONS)
async def reminder_section(ctx: Ctx, since: datetime | None, meeting_start: datetime) -> Reply:
    """Actions done since the last meeting, open, late, by organisation; decisions taken."""
    done = await store.done_since(ctx, since)
    open_items = await store.open_actions(ctx)
    decisions = await store.decisions_since(ctx, since)
    every = [*done, *open_items]
    names = await items.names_for(ctx, every)
    organisations = await store.organisations_of(ctx, {i.owner_id for i in every if i.owner_id})
    return followup_section(ctx, done, open_items, decisions, names, organisations)  # type: ignore[return-value]
