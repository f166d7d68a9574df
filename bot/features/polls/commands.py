"""/sondage's commands, buttons, forms, jobs, hooks and settings, and the steps they share."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot import hooks
from bot.ctx import Ctx
from bot.errors import NotAllowed, UserError
from bot.messages import Attachment, Message, Output, Reply, Update, text_message
from bot.router import Feature, SettingSpec
from bot.settings import show_plain
from bot.text import clean, round_half_up
from bot.validation import checked_form
from storage.models import Job
from storage.models.polls import Poll, PollChoice

from . import ballots, pictures, render, render_evaluation, render_vote, store, store_evaluation
from .evaluation import (
    MAX_COMMENT,
    MAX_TRENDS,
    OPEN_FOR,
    Trends,
    checked_title,
    in_trends,
    read_scores,
    refuse_empty,
)
from .evaluation import reminder_time as evaluation_reminder_time
from .keys import job_key, message_key, poll_id_of, read_poll_id, read_value
from .options import PollSpec, closing_of, form_closing, parse_command, parse_form
from .results import SCORES, Tally, criteria_of
from .rules import (
    REFRESH_DELAY,
    attendees_from,
    ballots_are_secret,
    below_threshold,
    can_manage,
    checked_mask,
    choice_at,
    closing_time,
    expected,
    in_channel,
    may_draft_nothing,
    refuse_export,
    refuse_if_ended,
    reminder_time,
    results_visible,
    vote_change,
    worded,
)
from .settings import criteria_for, parse_anonymity_threshold, parse_criteria, show_criteria

feature = Feature("polls")
log = logging.getLogger("outarde.polls")
SOON = timedelta(hours=1)  # a deadline closer than this is checked with the person

feature.setting(
    SettingSpec(
        "seuil_anonymat",
        3,
        parse_anonymity_threshold,
        show_plain,
        "polls.setting_seuil_anonymat",
        aliases=("anonymity_threshold", "seuil_anonyme"),
    )
)
feature.setting(
    SettingSpec(
        "criteres",
        None,
        parse_criteria,
        show_criteria,
        "polls.setting_criteres",
        aliases=("criteria", "critères"),
    )
)


# -- the steps handlers share -----------------------------------------------------------------
async def poll_view(
    ctx: Ctx, poll: Poll, choices: list[PollChoice] | None = None, counts: Tally | None = None
) -> Message:
    """The channel message of a poll or an evaluation; ``choices`` and ``counts`` are read
    from the database unless the caller knows them."""
    if poll.kind == "evaluation":
        return render_evaluation.evaluation_message(ctx, poll, await store.voter_count(ctx, poll))
    if choices is None:
        choices = await store.choices_of(ctx, poll)
    if counts is None:
        counts = await store.tally(ctx, poll, choices)
    author = await ctx.display_name(poll.author_id)
    return render.poll_message(ctx, poll, choices, counts, author)


async def refreshed(ctx: Ctx, poll: Poll) -> Update:
    """The poll message updated now, plus a catch-up refresh once a burst of clicks settles.

    Concurrent clicks can deliver their updates out of order; the refresh job (one per poll,
    moved by each click) re-renders from the database so the last word is always right.
    """
    assert poll.id is not None
    await ctx.schedule(hooks.POLL_REFRESH, job_key(poll.id), ctx.now + REFRESH_DELAY)
    return Update(message_key(poll.id), await poll_view(ctx, poll))


async def results_view(ctx: Ctx, poll: Poll) -> Message:
    """Posted at close: the counts (or averages and comments) and a chart, if they may be
    shown."""
    if poll.kind == "evaluation":
        return await evaluation_results_view(ctx, poll)
    choices = await store.choices_of(ctx, poll)
    counts = await store.tally(ctx, poll, choices)
    chart = None
    if results_visible(ctx, poll, counts.voters) is None:
        labels = [choice.label for choice in choices]
        chart = await pictures.bar_chart(poll.question, labels, counts.counts)
    return render.results_message(ctx, poll, choices, counts, chart)


async def evaluation_results_view(ctx: Ctx, poll: Poll) -> Message:
    """An evaluation's averages per criterion, bar chart and comments; enough answers only."""
    count = await store.voter_count(ctx, poll)
    scores, comments, chart = [], [], None
    if below_threshold(ctx, poll, count) is None:
        scores = await store_evaluation.scores_of(ctx, poll)
        names = [score.name for score in scores]
        averages = [round_half_up(score.average or 0) for score in scores]
        chart = await pictures.bar_chart(
            poll.question,
            names,
            averages,
            unit=" / 5",
            decimal_comma=ctx.language == "fr",
            top=max(SCORES),
        )
        comments = await store_evaluation.comments_of(ctx, poll)
    return render_evaluation.evaluation_results(ctx, poll, count, scores, comments, chart)


async def count_sealed(ctx: Ctx, poll: Poll) -> None:
    """Open every sealed ballot of the poll and add them all to its counters at once."""
    assert poll.id is not None
    opened, unreadable = [], 0
    for sealed in await store.take_ballots(ctx, poll):
        try:
            opened.append(ballots.unseal(ctx.workspace, poll.id, sealed))
        except ballots.BallotError:
            unreadable += 1
    if unreadable:  # the key changed: those ballots cannot be counted by anyone
        log.warning("polls.ballots_unreadable", extra={"poll": poll.id, "count": unreadable})
    if poll.kind == "evaluation":
        counts, comments = ballots.evaluation_counts(opened)
        await store_evaluation.add_scores(ctx, poll, counts)
        if comments:
            await store_evaluation.add_comments(ctx, poll, comments)
    else:
        await store.count_ballots(ctx, poll, ballots.poll_counts(opened))


async def close_poll(ctx: Ctx, poll: Poll) -> list[Output]:
    """Close now: no more votes, the sealed ballots are counted, the message loses its
    buttons, the results are posted."""
    assert poll.id is not None
    await store.mark_closed(ctx, poll, closing_time(ctx, poll))
    if ballots_are_secret(poll):
        await count_sealed(ctx, poll)
    for kind in (hooks.POLL_CLOSE, hooks.POLL_REMINDER):
        await ctx.cancel_jobs(kind, job_key(poll.id))
    message = await poll_view(ctx, poll)
    return [Update(message_key(poll.id), message), await results_view(ctx, poll)]


async def close_by_person(ctx: Ctx, poll_id: int) -> list[Output]:
    """Closing asked by the author or a coordinator, once, in the poll's channel."""
    poll = in_channel(ctx, await store.get_poll(ctx, poll_id))
    if not can_manage(ctx, poll):
        raise NotAllowed(worded(poll, "not_allowed"), id=poll_id)
    if poll.closed_at is not None:
        raise UserError(worded(poll, "already_closed"), id=poll_id, when=ctx.when(poll.closed_at))
    return await close_poll(ctx, poll)


async def job_poll(ctx: Ctx, job: Job, *, open_only: bool = True) -> Poll | None:
    """The poll a job is about, or None (gone, or closed meanwhile when ``open_only``)."""
    poll_id = poll_id_of(job)
    poll = await store.find_poll(ctx, poll_id) if poll_id is not None else None
    if poll is None or (open_only and poll.closed_at is not None):
        return None
    return poll


async def create_poll(ctx: Ctx, spec: PollSpec, closes_at: datetime | None) -> list[Message]:
    """Store the poll and its choices, schedule close and reminder, return the messages."""
    poll, choices = await store.add_poll(ctx, spec, closes_at)
    assert poll.id is not None
    reminder_at = None
    if closes_at is not None:
        await ctx.schedule(hooks.POLL_CLOSE, job_key(poll.id), closes_at)
        reminder_at = reminder_time(ctx, closes_at) if spec.remind else None
        if reminder_at is not None:
            await ctx.schedule(hooks.POLL_REMINDER, job_key(poll.id), reminder_at)
    message = await poll_view(ctx, poll, choices, Tally.nobody(choices))
    return [message, render.created(ctx, poll, reminder_at)]


async def post_evaluation(ctx: Ctx, title: str, meeting_id: int | None = None) -> Message:
    """Create an anonymous evaluation with the table's criteria; closes after a week."""
    criteria = criteria_for(ctx.setting("criteres"), ctx.language)
    closes_at = ctx.now + OPEN_FOR
    poll = await store_evaluation.add_evaluation(ctx, title, criteria, closes_at, meeting_id)
    assert poll.id is not None
    await ctx.schedule(hooks.POLL_CLOSE, job_key(poll.id), closes_at)
    await ctx.schedule(hooks.POLL_REMINDER, job_key(poll.id), evaluation_reminder_time(ctx))
    return await poll_view(ctx, poll)


async def open_poll(ctx: Ctx, poll_id: int, *, kind: str | None = None) -> Poll:
    """The poll of this channel, refusing a closed one (nothing is counted after close)."""
    poll = in_channel(ctx, await store.get_poll(ctx, poll_id, kind=kind))
    refuse_if_ended(ctx, poll)
    return poll


async def still_open(ctx: Ctx, poll: Poll) -> None:
    """Refuse a ballot whose poll closed since it was read (its ballots are counted)."""
    if not await store.hold_open(ctx, poll):
        await ctx.session.refresh(poll)
        refuse_if_ended(ctx, poll)
        raise UserError(worded(poll, "closed"), when=ctx.when(ctx.now))


async def my_vote(ctx: Ctx, poll: Poll, choices: list[PollChoice] | None = None) -> Message:
    """Private: what the person chose in a nominative poll, with a button to withdraw it."""
    choices = choices if choices is not None else await store.choices_of(ctx, poll)
    mine = await store.my_positions(ctx, poll, ctx.user_id)
    return render_vote.my_vote_message(ctx, poll, choices, mine)


async def attendees(ctx: Ctx, poll: Poll) -> set[str] | None:
    """For a meeting's evaluation, who answered Présent·e to the meeting; None otherwise."""
    if poll.kind != "evaluation" or poll.meeting_id is None:
        return None
    return attendees_from(await ctx.hook(hooks.MEETING_ATTENDEES, poll.meeting_id))


async def refuse_if_absent(ctx: Ctx, poll: Poll) -> None:
    """A meeting's evaluation is answered by the people who came (present, or representing
    someone); when the meeting has no attendance recorded, by anyone."""
    present = await attendees(ctx, poll)
    if present and ctx.user_id not in present:
        raise UserError("polls.evaluation_not_present", title=poll.question)


async def poll_csv(ctx: Ctx, poll: Poll) -> Attachment:
    """Names and choices when nominative, counts only when anonymous."""
    choices = await store.choices_of(ctx, poll)
    counts = await store.tally(ctx, poll, choices)
    refuse_export(ctx, poll, counts.voters)
    if poll.anonymous:
        return render.anonymous_csv(ctx, poll, choices, counts)
    return render.nominative_csv(ctx, poll, choices, await store.nominative_rows(ctx, poll))


async def evaluation_csv(ctx: Ctx, poll: Poll) -> Attachment:
    """Counts per score and criterion, once the evaluation ended with enough answers."""
    refuse_export(ctx, poll, await store.voter_count(ctx, poll))
    return render_evaluation.evaluation_csv(ctx, poll, await store_evaluation.scores_of(ctx, poll))


# -- anonymous ballots ------------------------------------------------------------------------
@feature.action("polls.pick")
async def pick(ctx: Ctx, value: str) -> Reply:
    """Add or remove a choice in a private draft (nothing is stored)."""
    poll_id, mask = read_value(value)
    poll = in_channel(ctx, await store.get_poll(ctx, poll_id))
    choices = await store.choices_of(ctx, poll)
    if not may_draft_nothing(ctx, poll, mask):
        checked_mask(ctx, poll, mask, len(choices))
    assert mask is not None
    return render_vote.draft_ballot(ctx, poll, choices, mask)


@feature.action("polls.cancel")
async def cancel(ctx: Ctx, value: str) -> Reply:
    """Drop a private draft."""
    return text_message(ctx.t("polls.draft_cancelled"))


@feature.action("polls.cast")
async def cast(ctx: Ctx, value: str) -> Reply:
    """Confirm an anonymous ballot: record the voter, and seal the ballot until the close."""
    poll_id, mask = read_value(value)
    poll = in_channel(ctx, await store.get_poll(ctx, poll_id))
    choices = await store.choices_of(ctx, poll)
    positions = checked_mask(ctx, poll, mask, len(choices))
    await still_open(ctx, poll)
    if not await store.record_voter(ctx, poll):
        raise UserError("polls.already_voted_anonymous")
    assert poll.id is not None and mask is not None
    sealed = ballots.seal(ctx.workspace, poll.id, ballots.poll_ballot(mask), ballots.POLL_SIZE)
    await store.add_ballot(ctx, poll, sealed)
    names = render.labels(ctx, choices, positions)
    return [await refreshed(ctx, poll), text_message(ctx.t("polls.cast", choices=names))]


# -- closing, jobs, export ---------------------------------------------------------------------
@feature.command("sondage", "fermer", aliases=("close", "clore"), help="polls.help.fermer")
async def close_command(ctx: Ctx, text: str) -> Reply:
    """/sondage fermer 12."""
    return await close_by_person(ctx, read_poll_id(text, ctx.t("polls.help.fermer.example")))


@feature.action("polls.close")
async def close_button(ctx: Ctx, value: str) -> Reply:
    """The « Fermer » button of a poll or an evaluation."""
    poll_id, _ = read_value(value)
    return await close_by_person(ctx, poll_id)


@feature.job(hooks.POLL_CLOSE)
async def close_at_deadline(ctx: Ctx, job: Job) -> Reply:
    """The deadline came: close the poll, unless it was closed meanwhile."""
    poll = await job_poll(ctx, job)
    return await close_poll(ctx, poll) if poll else None


@feature.job(hooks.POLL_REFRESH)
async def refresh(ctx: Ctx, job: Job) -> Reply:
    """Re-render a poll message from the database after a burst of clicks."""
    poll = await job_poll(ctx, job, open_only=False)
    if poll is None or poll.id is None:
        return None
    return Update(message_key(poll.id), await poll_view(ctx, poll))


@feature.job(hooks.POLL_REMINDER)
async def remind_non_voters(ctx: Ctx, job: Job) -> Reply:
    """24 h before the deadline (or a day after an evaluation): who has not answered yet.

    A meeting's evaluation counts only the people who answered Présent·e to the meeting.
    """
    poll = await job_poll(ctx, job)
    if poll is None:
        return None
    missing = expected(await store.non_voters(ctx, poll), await attendees(ctx, poll))
    if missing == []:
        return None
    return render.reminder_message(ctx, poll, missing)


@feature.command("sondage", "exporter", aliases=("export", "csv"), help="polls.help.exporter")
async def export(ctx: Ctx, text: str) -> Reply:
    """CSV of a poll or an evaluation, for its author and the coordinators."""
    poll = in_channel(
        ctx, await store.get_poll(ctx, read_poll_id(text, ctx.t("polls.help.exporter.example")))
    )
    if not can_manage(ctx, poll):
        raise NotAllowed(worded(poll, "not_allowed"), id=poll.id)
    csv = evaluation_csv if poll.kind == "evaluation" else poll_csv
    attachment = await csv(ctx, poll)
    return render.exported(ctx, poll, await store.voter_count(ctx, poll), attachment)


@feature.command(
    "sondage", "votants", aliases=("voters", "votes", "qui"), help="polls.help.votants"
)
async def voters(ctx: Ctx, text: str) -> Message:
    """Who chose what in a nominative poll, privately, for its author and the coordinators."""
    poll = await store.get_poll(ctx, read_poll_id(text, ctx.t("polls.help.votants.example")))
    if not can_manage(ctx, poll):
        raise NotAllowed(worded(poll, "not_allowed"), id=poll.id)
    if ballots_are_secret(poll):
        raise UserError(worded(poll, "voters_secret"), id=poll.id)
    reason = results_visible(ctx, poll, 0)
    if reason is not None:
        raise UserError("polls.export_refused", reason=reason)
    choices = await store.choices_of(ctx, poll)
    return render.voters_message(ctx, poll, choices, await store.nominative_rows(ctx, poll))


@feature.command(
    "sondage",
    "prolonger",
    aliases=("extend", "rouvrir", "reopen", "reporter"),
    help="polls.help.prolonger",
)
async def extend(ctx: Ctx, text: str) -> Reply:
    """``/sondage prolonger 12 jusqu'à lundi 17 h``: a new deadline, reopening a closed poll."""
    example = ctx.t("polls.help.prolonger.example")
    number, _, rest = clean(text).partition(" ")
    poll = await store.get_poll(ctx, read_poll_id(number, example))
    if not can_manage(ctx, poll):
        raise NotAllowed(worded(poll, "not_allowed"), id=poll.id)
    spec = parse_command(f'"?" a b {rest}') if rest.strip() else None
    if spec is None or spec.deadline is None:
        raise UserError("polls.extend_needs_deadline", example=example)
    closes_at = closing_of(ctx, spec)
    assert closes_at is not None and poll.id is not None
    reopened = poll.closed_at is not None
    await store.set_deadline(ctx, poll, closes_at)
    await ctx.schedule(hooks.POLL_CLOSE, job_key(poll.id), closes_at)
    reminder_at = reminder_time(ctx, closes_at) if poll.remind else None
    if reminder_at is not None:
        await ctx.schedule(hooks.POLL_REMINDER, job_key(poll.id), reminder_at)
    name = await ctx.display_name(ctx.user_id)
    return [
        Update(message_key(poll.id), await poll_view(ctx, poll)),
        render.extended(ctx, poll, closes_at, reopened, name),
    ]


# -- creating and listing ---------------------------------------------------------------------
@feature.command("sondage", "", help="polls.help.default")
async def new_poll(ctx: Ctx, text: str) -> Reply:
    """A poll from one line, or the form when nothing follows /sondage."""
    if not clean(text):
        return render.create_form(ctx)
    spec = parse_command(text)
    closes_at = closing_of(ctx, spec)
    if closes_at is not None and not spec.confirmed and closes_at - ctx.now < SOON:
        return render.deadline_soon(ctx, closes_at, text)
    return await create_poll(ctx, spec, closes_at)


@feature.form("polls.create")
async def submit_poll(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    """The form: question, one choice per line, options, deadline; errors shown per field."""
    spec = parse_form(values)
    return await create_poll(ctx, spec, form_closing(ctx, spec))


@feature.command("sondage", "liste", aliases=("list", "ouverts", "open"), help="polls.help.liste")
async def list_polls(ctx: Ctx, text: str) -> Message:
    """The open polls and evaluations of this channel."""
    return render.open_polls_message(ctx, await store.open_polls(ctx))


@feature.hook(hooks.suggest("sondage"))
async def suggest(ctx: Ctx, prefix: str) -> list[tuple[str, str]]:
    """Open polls for autocomplete: label « n° 12 — Question », value « 12 »."""
    return render.suggestions(ctx, await store.open_polls(ctx), prefix)


# -- evaluations ------------------------------------------------------------------------------
@feature.command(
    "sondage", "evaluation", aliases=("évaluation", "eval"), help="polls.help.evaluation"
)
async def evaluation_command(ctx: Ctx, text: str) -> Reply:
    """Coordinators post the table's evaluation (title optional)."""
    ctx.require_coordinator()
    return await post_evaluation(ctx, checked_title(ctx, text))


@feature.hook(hooks.MEETING_ENDED)
async def after_meeting(ctx: Ctx, meeting_id: int, title: str) -> Reply:
    """Posted automatically when a meeting ends (once per meeting)."""
    if await store_evaluation.meeting_evaluated(ctx, meeting_id):
        return None
    return await post_evaluation(ctx, checked_title(ctx, title), meeting_id)


@feature.action("polls.evaluate")
async def answer_button(ctx: Ctx, value: str) -> Reply:
    """« Répondre »: the evaluation's form, once per person."""
    poll = await open_poll(ctx, read_value(value)[0], kind="evaluation")
    if await store.has_answered(ctx, poll, ctx.user_id):
        raise UserError("polls.already_evaluated")
    await refuse_if_absent(ctx, poll)
    return render_evaluation.evaluation_form(ctx, poll)


@feature.form("polls.evaluation")
async def submit_evaluation(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    """Record who answered (once) apart from the scores and the comment, sealed until the
    close."""
    poll = await open_poll(ctx, read_value(state)[0], kind="evaluation")
    await refuse_if_absent(ctx, poll)
    scores = read_scores(values, len(criteria_of(poll)))
    comment = checked_form(values, {"comment": MAX_COMMENT}, set())["comment"]
    refuse_empty(scores, comment)
    await still_open(ctx, poll)
    if not await store.record_voter(ctx, poll):
        raise UserError("polls.already_evaluated")
    assert poll.id is not None
    ballot = ballots.evaluation_ballot(scores, comment)
    sealed = ballots.seal(ctx.workspace, poll.id, ballot, ballots.EVALUATION_SIZE)
    await store.add_ballot(ctx, poll, sealed)
    return [await refreshed(ctx, poll), text_message(ctx.t("polls.evaluation_thanks"))]


async def recent_trends(ctx: Ctx, batch: int = 50) -> list[tuple[Poll, int]]:
    """The evaluations the trends show, oldest first: read newest first, ``batch`` at a time
    with one grouped COUNT each, until enough can be shown or none are left."""
    candidates: list[tuple[Poll, int]] = []
    offset = 0
    while True:
        polls = await store_evaluation.evaluations_page(ctx, offset, batch)
        counts = await store_evaluation.answer_counts(ctx, polls)
        candidates = [(poll, counts[poll.id or 0]) for poll in reversed(polls)] + candidates
        shown = in_trends(ctx, candidates)
        if len(polls) < batch or len(shown) >= MAX_TRENDS:
            return shown
        offset += batch


@feature.command(
    "sondage", "tendances", aliases=("trends", "tendance"), help="polls.help.tendances"
)
async def trends(ctx: Ctx, text: str) -> Reply:
    """Averages per criterion across evaluations: a line chart and a table."""
    rows = await recent_trends(ctx)
    if not rows:
        return render_evaluation.no_trends(ctx, int(ctx.setting("seuil_anonymat")))
    scores = await store_evaluation.scores_of_polls(ctx, [poll for poll, _ in rows])
    found = Trends.of(ctx, rows, scores)
    title = render_evaluation.trends_title(ctx, found)
    chart = await pictures.line_chart(title, found.dates, found.series)
    return render_evaluation.trends_message(ctx, found, chart)


# -- nominative votes -------------------------------------------------------------------------
@feature.action("polls.vote")
async def vote(ctx: Ctx, value: str) -> Reply:
    """A click on a choice: vote, change the vote, or toggle it (multiple choice)."""
    poll_id, position = read_value(value)
    poll = await open_poll(ctx, poll_id)
    if poll.kind != "poll":
        raise UserError("polls.bad_button")
    choices = await store.choices_of(ctx, poll)
    choice = choice_at(choices, position)
    if poll.anonymous:
        if await store.has_answered(ctx, poll, ctx.user_id):
            raise UserError("polls.already_voted_anonymous")
        return render_vote.draft_ballot(ctx, poll, choices, 1 << choice.position)
    change = vote_change(poll, await store.my_positions(ctx, poll, ctx.user_id), choice.position)
    if change == "unchanged":
        return text_message(ctx.t("polls.vote_unchanged", choice=choice.label))
    write = {"set": store.set_vote, "remove": store.remove_votes, "add": store.add_pick}[change]
    await write(ctx, poll, choice.position)
    return [await refreshed(ctx, poll), await my_vote(ctx, poll, choices)]


@feature.action("polls.mine")
async def show_mine(ctx: Ctx, value: str) -> Reply:
    """« Mon vote » (« Ma réponse » on an evaluation): the person's own choice, privately;
    anonymous polls and evaluations only say whether they answered."""
    poll = in_channel(ctx, await store.get_poll(ctx, read_value(value)[0]))
    if ballots_are_secret(poll):
        return render_vote.answered(ctx, poll, await store.has_answered(ctx, poll, ctx.user_id))
    return await my_vote(ctx, poll)


@feature.action("polls.withdraw")
async def withdraw(ctx: Ctx, value: str) -> Reply:
    """Withdraw one's vote from an open nominative poll."""
    poll = await open_poll(ctx, read_value(value)[0])
    if poll.anonymous or poll.kind != "poll":
        raise UserError("polls.anonymous_final")
    if not await store.remove_votes(ctx, poll):
        return text_message(ctx.t("polls.my_vote_none", question=poll.question))
    return [
        await refreshed(ctx, poll),
        text_message(ctx.t("polls.withdrawn", question=poll.question)),
    ]
