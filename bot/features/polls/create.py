"""/sondage "Question ?" "Choix 1" "Choix 2" … [options]: create a poll (or open the form)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import hooks
from bot.ctx import Ctx
from bot.errors import FormInvalid, UserError
from bot.features.polls.feature import feature
from bot.messages import Form, Message, Reply, Section, TextInput, text_message
from bot.text import clean, fold
from storage.models.polls import Poll, PollChoice
from storage.queries import add_row, insert_rows

from .options import MAX_CHOICE, MAX_QUESTION, PollSpec, checked, parse_command, parse_option_line
from .render import poll_message
from .store import Tally, job_key, open_polls

REMINDER_AHEAD = timedelta(hours=24)
END_OF_DAY = "23h59"
FORM_ERRORS = {
    "polls.too_few_choices": "polls.form_too_few_choices",
    "polls.reminder_needs_deadline": "polls.form_reminder_needs_deadline",
    "polls.unknown_option": "polls.form_unknown_option",
}


def deadline_of(ctx: Ctx, text: str) -> datetime:
    """A deadline; a day without an hour (« vendredi », « 12 mai », « ce soir ») means its end.

    Adding 23 h 59 is refused as a conflict when the text has its own hour, which is then kept.
    """
    try:
        return ctx.parse_when(f"{text} {END_OF_DAY}")
    except UserError as error:
        if error.key == "when.past":  # « hier » is past, even at 23 h 59: quote what was typed
            typed = {
                k: v.replace(f" {END_OF_DAY}", "") if isinstance(v, str) else v
                for k, v in error.params.items()
            }
            raise UserError(error.key, **typed) from None
        return ctx.parse_when(text)  # its own hour (or its error, quoting only what was typed)


async def create_poll(ctx: Ctx, spec: PollSpec) -> list[Message]:
    """Store the poll and its choices, schedule close and reminder, return the messages."""
    closes_at = deadline_of(ctx, spec.deadline) if spec.deadline else None
    if spec.remind and closes_at is None:
        raise UserError("polls.reminder_needs_deadline")
    poll = Poll(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        author_id=ctx.user_id,
        question=spec.question,
        max_choices=spec.max_choices,
        anonymous=spec.anonymous,
        hidden=spec.hidden,
        remind=spec.remind,
        closes_at=closes_at,
        created_at=ctx.now,
        min_responses=int(ctx.setting("seuil_anonymat")),
    )
    await add_row(ctx.session, poll)
    assert poll.id is not None
    choices = [
        PollChoice(workspace=ctx.workspace, poll_id=poll.id, position=position, label=label)
        for position, label in enumerate(spec.choices)
    ]
    await insert_rows(ctx.session, choices)
    notes = [ctx.t("polls.created", id=poll.id)]
    if closes_at is not None:
        await ctx.schedule(hooks.POLL_CLOSE, job_key(poll.id), closes_at)
        if spec.remind:
            if closes_at - REMINDER_AHEAD > ctx.now:
                reminder_at = closes_at - REMINDER_AHEAD
                await ctx.schedule(hooks.POLL_REMINDER, job_key(poll.id), reminder_at)
                notes.append(ctx.t("polls.reminder_set", when=ctx.when(closes_at - REMINDER_AHEAD)))
            else:
                notes.append(ctx.t("polls.reminder_too_late"))
    message = await poll_message(ctx, poll, choices, Tally.nobody(choices))
    return [message, text_message("\n".join(notes))]


def create_form(ctx: Ctx) -> Form:
    return Form(
        form_id="polls.create",
        title=ctx.t("polls.form_title"),
        inputs=[
            TextInput("question", ctx.t("polls.form_question"), max_length=MAX_QUESTION),
            TextInput(
                "choices",
                ctx.t("polls.form_choices"),
                multiline=True,
                max_length=11 * (MAX_CHOICE + 1),
                placeholder=ctx.t("polls.form_choices_placeholder"),
            ),
            TextInput(
                "options",
                ctx.t("polls.form_options"),
                required=False,
                max_length=200,
                placeholder=ctx.t("polls.form_options_placeholder"),
            ),
            TextInput(
                "deadline",
                ctx.t("polls.form_deadline"),
                required=False,
                max_length=200,
                placeholder=ctx.t("polls.form_deadline_placeholder"),
            ),
        ],
        submit_label=ctx.t("polls.form_submit"),
    )


@feature.command("sondage", "", help="polls.help.default")
async def new_poll(ctx: Ctx, text: str) -> Reply:
    """A poll from one line, or the form when nothing follows /sondage."""
    if not clean(text):
        return create_form(ctx)
    return await create_poll(ctx, parse_command(text))


def _field_error(field: str, error: UserError) -> FormInvalid:
    """The error shown beside a form field, worded for the form rather than the command."""
    return FormInvalid({field: (FORM_ERRORS.get(error.key, error.key), dict(error.params))})


@feature.form("polls.create")
async def submit_poll(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    """The form: question, one choice per line, options, deadline; errors shown per field."""
    choices = [clean(line) for line in values.get("choices", "").splitlines() if clean(line)]
    spec = PollSpec(question=values.get("question", ""), choices=choices)
    try:
        parse_option_line(spec, values.get("options", ""))
    except UserError as error:
        raise _field_error("options", error) from None
    try:
        spec = checked(spec)
    except UserError as error:
        field = "question" if "question" in error.key else "choices"
        raise _field_error(field, error) from None
    deadline = clean(values.get("deadline", ""))
    spec.deadline = deadline or None
    try:
        return await create_poll(ctx, spec)
    except UserError as error:
        raise _field_error("deadline", error) from None


@feature.command("sondage", "liste", aliases=("list", "ouverts", "open"), help="polls.help.liste")
async def list_polls(ctx: Ctx, text: str) -> Message:
    """The open polls and evaluations of this workspace."""
    polls = await open_polls(ctx)
    if not polls:
        return text_message(ctx.t("polls.none_open"))
    lines = []
    for poll in polls[:25]:
        deadline = (
            ctx.t("polls.list_until", when=ctx.when(poll.closes_at)) if poll.closes_at else ""
        )
        lines.append(ctx.t("polls.list_line", id=poll.id, question=poll.question) + deadline)
    return Message(
        blocks=[Section(ctx.t("polls.list_title") + "\n" + "\n".join(lines))],
        text=ctx.t("polls.list_title"),
        ephemeral=True,
    )


@feature.hook(hooks.suggest("sondage"))
async def suggest(ctx: Ctx, prefix: str) -> list[tuple[str, str]]:
    """Open polls for autocomplete: label « n° 12 — Question », value « 12 »."""
    key = fold(prefix or "")
    found = []
    for poll in await open_polls(ctx):
        label = ctx.t("polls.list_line", id=poll.id, question=poll.question)
        if not key or str(poll.id).startswith(key) or key in fold(poll.question):
            found.append((label[:100], str(poll.id)))
    return found[:25]
