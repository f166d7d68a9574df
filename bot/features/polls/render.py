"""How polls look: the channel message (updated in place), the results, reminders, exports."""

from __future__ import annotations

from datetime import datetime

from bot.ctx import Ctx
from bot.exports import csv_attachment
from bot.messages import (
    Actions,
    Attachment,
    Button,
    Context,
    Form,
    Header,
    Image,
    Message,
    Section,
    Style,
    TextInput,
    text_message,
)
from bot.text import fold, truncate
from storage.models import Member
from storage.models.polls import Poll, PollChoice

from .keys import message_key
from .options import MAX_CHOICE, MAX_QUESTION
from .results import Tally
from .rules import ballots_are_secret, results_visible, worded

BAR_CELLS = 10
BUTTONS_PER_ROW = 5
MAX_NAMES = 30
MAX_LISTED = 25


def percent(ctx: Ctx, part: int, whole: int) -> str:
    value = round(100 * part / whole) if whole else 0
    return ctx.t("polls.percent", value=value)


def bar(count: int, whole: int) -> str:
    """``████░░░░░░``: the share of people who chose it, in ten cells."""
    filled = round(BAR_CELLS * count / whole) if whole else 0
    return "█" * filled + "░" * (BAR_CELLS - filled)


def result_lines(ctx: Ctx, choices: list[PollChoice], counts: Tally) -> str:
    """One line per choice: label, text bar, count and percentage of people who answered."""
    lines = []
    for choice, count in zip(choices, counts.counts, strict=True):
        share = percent(ctx, count, counts.voters)
        lines.append(f"*{choice.label}*\n`{bar(count, counts.voters)}` {count} ({share})")
    return "\n".join(lines)


def labels(ctx: Ctx, choices: list[PollChoice], positions: list[int]) -> str:
    """« Oui », « Non »: the chosen labels, quoted as the language does."""
    return (
        ", ".join(
            ctx.t("polls.choice_quoted", label=choices[p].label)
            for p in positions
            if p < len(choices)
        )
        or "—"
    )


def describe(ctx: Ctx, poll: Poll, author: str, voters: int) -> tuple[str, ...]:
    """The small print: number, author, mode, anonymity, deadline, participation."""
    mode = (
        ctx.t("polls.mode_single")
        if poll.max_choices == 1
        else ctx.t("polls.mode_multiple", count=poll.max_choices)
    )
    parts = [ctx.t("polls.poll_number", id=poll.id, author=author), mode]
    closed = poll.closed_at is not None
    if poll.anonymous:
        parts.append(ctx.t("polls.mode_anonymous"))
    elif poll.max_choices == 1 and not closed:
        parts.append(ctx.t("polls.mode_changeable"))
    if poll.hidden and not closed:
        parts.append(ctx.t("polls.mode_hidden"))
    lines = [" · ".join(parts)]
    if poll.closed_at is not None:
        lines.append(ctx.tn("polls.closed_on", voters, when=ctx.when(poll.closed_at)))
    elif poll.closes_at is not None:
        lines.append(ctx.tn("polls.closes_on", voters, when=ctx.when(poll.closes_at)))
    else:
        lines.append(ctx.tn("polls.open_no_deadline", voters, id=poll.id))
    return tuple(lines)


def poll_message(
    ctx: Ctx, poll: Poll, choices: list[PollChoice], counts: Tally, author: str
) -> Message:
    """The channel message of a poll, with one button per choice while it is open."""
    assert poll.id is not None
    closed = poll.closed_at is not None
    title = ctx.t("polls.title_closed" if closed else "polls.title", question=poll.question)
    blocks: list = [Header(title)]
    hidden = results_visible(ctx, poll, counts.voters)
    if hidden is None:
        blocks.append(Section(result_lines(ctx, choices, counts)))
    else:
        listing = "\n".join(f"• {choice.label}" for choice in choices)
        blocks.append(Section(f"{listing}\n\n_{hidden}_"))
    blocks.append(Context(describe(ctx, poll, author, counts.voters)))
    if not closed:
        buttons = [
            Button(truncate(choice.label, 75), "polls.vote", f"{poll.id}:{choice.position}")
            for choice in choices
        ]
        for start in range(0, len(buttons), BUTTONS_PER_ROW):
            blocks.append(Actions(tuple(buttons[start : start + BUTTONS_PER_ROW])))
        blocks.append(
            Actions(
                (
                    Button(ctx.t("polls.my_vote_button"), "polls.mine", str(poll.id)),
                    Button(ctx.t("polls.close_button"), "polls.close", str(poll.id), Style.DANGER),
                )
            )
        )
    return Message(blocks=blocks, text=title, key=message_key(poll.id), channel=poll.channel)


def results_message(
    ctx: Ctx, poll: Poll, choices: list[PollChoice], counts: Tally, chart: bytes | None
) -> Message:
    """Posted when a poll closes: the counts and the bar chart, if they may be shown."""
    title = ctx.t("polls.results_title", question=poll.question)
    blocks: list = [Header(title)]
    hidden = results_visible(ctx, poll, counts.voters)
    if hidden is not None:
        blocks.append(Section(hidden))
    else:
        blocks.append(Section(result_lines(ctx, choices, counts)))
        if chart is not None:
            alt = ctx.t(
                "polls.chart_alt",
                question=poll.question,
                results=", ".join(
                    ctx.t("polls.chart_alt_item", label=c.label, count=n)
                    for c, n in zip(choices, counts.counts, strict=True)
                ),
            )
            blocks.append(Image(chart, alt, ctx.t("polls.file_chart", id=poll.id)))
    blocks.append(Context((ctx.tn("polls.results_footer", counts.voters, id=poll.id),)))
    return Message(blocks=blocks, text=title, channel=poll.channel)


def create_form(ctx: Ctx) -> Form:
    """The form of /sondage alone: question, one choice per line, options, deadline."""
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


def deadline_soon(ctx: Ctx, closes_at: datetime, typed: str) -> Message:
    """The deadline is minutes away: nothing is created until the person confirms it."""
    minutes = max(1, int((closes_at - ctx.now).total_seconds() // 60))
    word = ctx.t("polls.confirm_word")
    return text_message(
        ctx.t(
            "polls.deadline_soon",
            minutes=minutes,
            when=ctx.when(closes_at),
            command=f"/sondage {' '.join(typed.split())} {word}",
        )
    )


def voters_message(
    ctx: Ctx,
    poll: Poll,
    choices: list[PollChoice],
    rows: list[tuple[str, int, str | None, str | None]],
) -> Message:
    """Privately: each choice of a nominative poll and the people who chose it."""
    names: dict[int, list[str]] = {choice.position: [] for choice in choices}
    for user_id, position, name, organisation in rows:
        shown = name or user_id
        names.setdefault(position, []).append(
            f"{shown} ({organisation})" if organisation else shown
        )
    lines = [ctx.t("polls.voters_title", id=poll.id, question=poll.question)]
    for choice in choices:
        people = ", ".join(names[choice.position]) or ctx.t("polls.voters_nobody")
        lines.append(
            f"• {choice.label} : {people}"
            if ctx.language == "fr"
            else f"• {choice.label}: {people}"
        )
    return text_message("\n".join(lines))


def extended(ctx: Ctx, poll: Poll, closes_at: datetime, reopened: bool, name: str) -> Message:
    """The channel is told the poll's new deadline (and that it is open again)."""
    key = "polls.reopened" if reopened else "polls.extended"
    text = ctx.t(key, id=poll.id, question=poll.question, when=ctx.when(closes_at), name=name)
    return text_message(text, ephemeral=False)


def created(ctx: Ctx, poll: Poll, reminder_at: datetime | None) -> Message:
    """« Sondage n° 12 créé », then the reminder asked for: when, or why there is none."""
    notes = [ctx.t("polls.created", id=poll.id)]
    if poll.remind:
        if reminder_at is not None:
            notes.append(ctx.t("polls.reminder_set", when=ctx.when(reminder_at)))
        else:
            notes.append(ctx.t("polls.reminder_too_late"))
    return text_message("\n".join(notes))


def open_polls_message(ctx: Ctx, polls: list[Poll]) -> Message:
    """The open polls and evaluations, privately."""
    if not polls:
        return text_message(ctx.t("polls.none_open"))
    lines = []
    for poll in polls[:MAX_LISTED]:
        deadline = (
            ctx.t("polls.list_until", when=ctx.when(poll.closes_at)) if poll.closes_at else ""
        )
        lines.append(ctx.t("polls.list_line", id=poll.id, question=poll.question) + deadline)
    return Message(
        blocks=[Section(ctx.t("polls.list_title") + "\n" + "\n".join(lines))],
        text=ctx.t("polls.list_title"),
        ephemeral=True,
    )


def suggestions(ctx: Ctx, polls: list[Poll], prefix: str) -> list[tuple[str, str]]:
    """Open polls for autocomplete: label « n° 12 — Question », value « 12 »."""
    key = fold(prefix or "")
    found = []
    for poll in polls:
        label = ctx.t("polls.list_line", id=poll.id, question=poll.question)
        if not key or str(poll.id).startswith(key) or key in fold(poll.question):
            found.append((label[:100], str(poll.id)))
    return found[:MAX_LISTED]


def reminder_message(ctx: Ctx, poll: Poll, missing: list[Member] | None) -> Message:
    """Who has not answered yet, before the deadline; ``None``: the reminder alone."""
    when = ctx.when(poll.closes_at) if poll.closes_at else ""
    key = "polls.reminder_evaluation" if poll.kind == "evaluation" else "polls.reminder"
    text = ctx.t(key, question=poll.question, when=when, id=poll.id)
    if missing is not None:
        text += "\n" + missing_line(ctx, poll, missing)
    return Message(blocks=[Section(text)], text=text, channel=poll.channel)


def missing_line(ctx: Ctx, poll: Poll, missing: list[Member]) -> str:
    """How many have not answered (anonymous, evaluation), or their names."""
    if ballots_are_secret(poll):
        return ctx.tn("polls.reminder_count", len(missing))
    names = ", ".join(member.display_name for member in missing[:MAX_NAMES])
    if len(missing) > MAX_NAMES:
        names += " " + ctx.tn("polls.and_others", len(missing) - MAX_NAMES)
    return ctx.t("polls.reminder_names", count=len(missing), names=names)


# -- exports ---------------------------------------------------------------------------------
def anonymous_csv(ctx: Ctx, poll: Poll, choices: list[PollChoice], counts: Tally) -> Attachment:
    """The counts per choice, nothing about who answered."""
    rows = [[c.label, n] for c, n in zip(choices, counts.counts, strict=True)]
    header = [ctx.t("polls.csv_choice"), ctx.t("polls.csv_votes")]
    return csv_attachment(ctx.t("polls.file_csv", id=poll.id), header, rows)


def nominative_csv(
    ctx: Ctx,
    poll: Poll,
    choices: list[PollChoice],
    votes: list[tuple[str, int, str | None, str | None]],
) -> Attachment:
    """One row per vote: the person (name, else id), their organisation, the choice."""
    rows = [
        [name or user_id, organisation or "", choices[position].label]
        for user_id, position, name, organisation in votes
    ]
    header = [ctx.t("polls.csv_person"), ctx.t("polls.csv_organisation"), ctx.t("polls.csv_choice")]
    return csv_attachment(ctx.t("polls.file_csv", id=poll.id), header, rows)


def exported(ctx: Ctx, poll: Poll, voters: int, attachment: Attachment) -> Message:
    """The CSV, with how many answered."""
    message = text_message(ctx.tn(worded(poll, "exported"), voters, id=poll.id))
    message.files.append(attachment)
    return message
