"""Closing polls (deadline job, /sondage fermer, the button), reminders and CSV export."""

from __future__ import annotations

from sqlmodel import col, select

from bot import hooks
from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.exports import csv_attachment
from bot.features.polls.feature import feature
from bot.messages import Message, Output, Reply, Section, Update, text_message
from storage.models import Job, Member
from storage.models.polls import Poll, PollVote

from . import evaluation_render
from .render import current_message, poll_message, results_message, results_visible
from .store import (
    can_manage,
    choices_of,
    get_poll,
    job_key,
    message_key,
    non_voters,
    read_poll_id,
    read_value,
    tally,
    voter_count,
    worded,
)

MAX_NAMES = 30


async def close_poll(ctx: Ctx, poll: Poll) -> list[Output]:
    """Close now: no more votes, the message loses its buttons, the results are posted."""
    assert poll.id is not None
    poll.closed_at = min(ctx.now, poll.closes_at) if poll.closes_at else ctx.now
    ctx.session.add(poll)
    await ctx.session.flush()
    for kind in (hooks.POLL_CLOSE, hooks.POLL_REMINDER):
        await ctx.cancel_jobs(kind, job_key(poll.id))
    if poll.kind == "evaluation":
        message = await evaluation_render.evaluation_message(ctx, poll)
        results = await evaluation_render.evaluation_results(ctx, poll)
    else:
        message = await poll_message(ctx, poll)
        results = await results_message(ctx, poll)
    return [Update(message_key(poll.id), message), results]


async def close_by_person(ctx: Ctx, poll_id: int) -> list[Output]:
    poll = await get_poll(ctx, poll_id)
    if not can_manage(ctx, poll):
        raise NotAllowed(worded(poll, "not_allowed"), id=poll_id)
    if poll.closed_at is not None:
        raise UserError(worded(poll, "already_closed"), id=poll_id, when=ctx.when(poll.closed_at))
    return await close_poll(ctx, poll)


@feature.command("sondage", "fermer", aliases=("close", "clore"), help="polls.help.fermer")
async def close_command(ctx: Ctx, text: str) -> Reply:
    return await close_by_person(ctx, read_poll_id(text))


@feature.action("polls.close")
async def close_button(ctx: Ctx, value: str) -> Reply:
    poll_id, _ = read_value(value)
    return await close_by_person(ctx, poll_id)


def poll_id_of(job: Job) -> int | None:
    head = job.key.split(":", 1)[0]
    return int(head) if head.isdecimal() else None


async def job_poll(ctx: Ctx, job: Job, *, open_only: bool = True) -> Poll | None:
    """The poll a job is about, or None (gone, or closed meanwhile when ``open_only``)."""
    poll_id = poll_id_of(job)
    if poll_id is None:
        return None
    try:
        poll = await get_poll(ctx, poll_id)
    except UserError:
        return None
    return poll if poll.closed_at is None or not open_only else None


@feature.job(hooks.POLL_CLOSE)
async def close_at_deadline(ctx: Ctx, job: Job) -> Reply:
    poll = await job_poll(ctx, job)
    return await close_poll(ctx, poll) if poll else None


@feature.job(hooks.POLL_REFRESH)
async def refresh(ctx: Ctx, job: Job) -> Reply:
    """Re-render a poll message from the database after a burst of clicks."""
    poll = await job_poll(ctx, job, open_only=False)
    if poll is None or poll.id is None:
        return None
    return Update(message_key(poll.id), await current_message(ctx, poll))


async def attendees(ctx: Ctx, poll: Poll) -> set[str] | None:
    """For a meeting's evaluation, who answered Présent·e to the meeting; None otherwise."""
    if poll.kind != "evaluation" or poll.meeting_id is None:
        return None
    answers = await ctx.hook(hooks.MEETING_ATTENDEES, poll.meeting_id)
    return {user for answer in answers for user in answer} if answers else None


async def expected(ctx: Ctx, poll: Poll) -> list[Member] | None:
    """Who should answer and has not: everyone, or for a meeting's evaluation those who
    answered Présent·e to it; None when nobody did (then nobody can be counted)."""
    missing = await non_voters(ctx, poll)
    present = await attendees(ctx, poll)
    if present is None:
        return missing
    return [member for member in missing if member.user_id in present] if present else None


@feature.job(hooks.POLL_REMINDER)
async def remind_non_voters(ctx: Ctx, job: Job) -> Reply:
    """24 h before the deadline (or a day after an evaluation): who has not answered yet.

    A meeting's evaluation counts only the people who answered Présent·e to the meeting.
    """
    poll = await job_poll(ctx, job)
    if poll is None:
        return None
    missing = await expected(ctx, poll)
    if missing == []:
        return None
    when = ctx.when(poll.closes_at) if poll.closes_at else ""
    key = "polls.reminder_evaluation" if poll.kind == "evaluation" else "polls.reminder"
    text = ctx.t(key, question=poll.question, when=when, id=poll.id)
    if missing is not None:  # None: nobody confirmed their presence, the reminder alone
        text += "\n" + missing_line(ctx, poll, missing)
    return Message(blocks=[Section(text)], text=text, channel=poll.channel)


def missing_line(ctx: Ctx, poll: Poll, missing: list[Member]) -> str:
    """How many have not answered (anonymous, evaluation), or their names."""
    if poll.anonymous or poll.kind == "evaluation":
        return ctx.tn("polls.reminder_count", len(missing))
    names = ", ".join(member.display_name for member in missing[:MAX_NAMES])
    if len(missing) > MAX_NAMES:
        names += " " + ctx.tn("polls.and_others", len(missing) - MAX_NAMES)
    return ctx.t("polls.reminder_names", count=len(missing), names=names)


@feature.command("sondage", "exporter", aliases=("export", "csv"), help="polls.help.exporter")
async def export(ctx: Ctx, text: str) -> Reply:
    """CSV of a poll: names and choices when nominative, counts only when anonymous."""
    poll = await get_poll(ctx, read_poll_id(text))
    if not can_manage(ctx, poll):
        raise NotAllowed(worded(poll, "not_allowed"), id=poll.id)
    if poll.kind == "evaluation":
        attachment = await evaluation_render.evaluation_csv(ctx, poll)
    else:
        choices = await choices_of(ctx, poll)
        counts = await tally(ctx, poll, choices)
        hidden = results_visible(ctx, poll, counts)
        if hidden is not None:
            raise UserError("polls.export_refused", reason=hidden)
        if poll.anonymous:
            rows = [[c.label, n] for c, n in zip(choices, counts.counts, strict=True)]
            attachment = csv_attachment(
                ctx.t("polls.file_csv", id=poll.id),
                [ctx.t("polls.csv_choice"), ctx.t("polls.csv_votes")],
                rows,
            )
        else:
            attachment = await nominative_csv(ctx, poll, [c.label for c in choices])
    count = await voter_count(ctx, poll)
    message = text_message(ctx.tn(worded(poll, "exported"), count, id=poll.id))
    message.files.append(attachment)
    return message


async def nominative_csv(ctx: Ctx, poll: Poll, labels: list[str]):  # type: ignore[no-untyped-def]
    statement = (
        select(PollVote.user_id, PollVote.position, Member.display_name, Member.organisation)
        .join(
            Member,
            (Member.workspace == PollVote.workspace) & (Member.user_id == PollVote.user_id),
            isouter=True,
        )
        .where(PollVote.workspace == ctx.workspace, PollVote.poll_id == poll.id)
        .order_by(col(Member.display_name), col(PollVote.position))
    )
    rows = [
        [name or user_id, organisation or "", labels[position]]
        for user_id, position, name, organisation in (await ctx.session.exec(statement)).all()
    ]
    header = [ctx.t("polls.csv_person"), ctx.t("polls.csv_organisation"), ctx.t("polls.csv_choice")]
    return csv_attachment(ctx.t("polls.file_csv", id=poll.id), header, rows)
