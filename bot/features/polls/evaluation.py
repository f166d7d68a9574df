"""Evaluations: /sondage evaluation, the anonymous 1–5 form, after-meeting posts, trends."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import timedelta

from sqlmodel import col, select, update

from bot import charts, hooks
from bot.ctx import Ctx
from bot.errors import FormInvalid, UserError
from bot.features.polls.feature import feature
from bot.messages import Form, Image, Message, Reply, Section, TextInput, text_message
from bot.text import fold, truncate
from bot.validation import checked_form, checked_text
from bot.when_format import format_date_only
from storage.models.polls import Poll, PollComments, ScoreTally

from .evaluation_render import (
    SCORES,
    decimal,
    evaluation_message,
    scores_of,
)
from .render import below_threshold, refreshed
from .settings import criteria_for
from .store import (
    criteria_of,
    ended_at,
    get_poll,
    has_answered,
    job_key,
    read_value,
    record_voter,
    refuse_if_ended,
    voter_count,
)

OPEN_FOR = timedelta(days=7)
REMIND_AFTER = timedelta(days=1)
MAX_TITLE = 120
MAX_COMMENT = 1000
MAX_TRENDS = 12
COLUMN = 14


def default_title(ctx: Ctx) -> str:
    """« Évaluation du 6 octobre 2026 »."""
    day = format_date_only(ctx.local(ctx.now), ctx.language)
    return ctx.t("polls.evaluation_default_title", date=day)


def checked_title(ctx: Ctx, text: str | None) -> str:
    if not (text or "").strip():
        return default_title(ctx)
    return checked_text(text or "", limit=MAX_TITLE, empty_key="polls.missing_title")


async def post_evaluation(ctx: Ctx, title: str, meeting_id: int | None = None) -> Message:
    """Create an anonymous evaluation with the table's criteria; closes after a week."""
    criteria = criteria_for(ctx.setting("criteres"), ctx.language)
    poll = Poll(
        workspace=ctx.workspace,
        channel=ctx.place.channel,
        author_id=ctx.actor.user_id if ctx.actor else "",
        kind="evaluation",
        question=title,
        anonymous=True,
        hidden=True,
        closes_at=ctx.now + OPEN_FOR,
        created_at=ctx.now,
        min_responses=int(ctx.setting("seuil_anonymat")),
        meeting_id=meeting_id,
        criteria=json.dumps(criteria, ensure_ascii=False),
    )
    ctx.session.add(poll)
    await ctx.session.flush()
    assert poll.id is not None
    for index in range(len(criteria)):
        for score in SCORES:
            ctx.session.add(
                ScoreTally(workspace=ctx.workspace, poll_id=poll.id, criterion=index, score=score)
            )
    ctx.session.add(PollComments(workspace=ctx.workspace, poll_id=poll.id))
    await ctx.session.flush()
    await ctx.schedule(hooks.POLL_CLOSE, job_key(poll.id), poll.closes_at)
    await ctx.schedule(hooks.POLL_REMINDER, job_key(poll.id), ctx.now + REMIND_AFTER)
    return await evaluation_message(ctx, poll)


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
    statement = select(Poll.id).where(
        Poll.workspace == ctx.workspace, Poll.kind == "evaluation", Poll.meeting_id == meeting_id
    )
    if (await ctx.session.exec(statement)).first() is not None:
        return None
    return await post_evaluation(ctx, checked_title(ctx, title), meeting_id)


def evaluation_form(ctx: Ctx, poll: Poll) -> Form:
    inputs = [
        TextInput(
            f"c{index}",
            name,
            required=False,
            max_length=1,
            placeholder=ctx.t("polls.form_criterion_hint"),
        )
        for index, name in enumerate(criteria_of(poll))
    ]
    inputs.append(
        TextInput(
            "comment",
            ctx.t("polls.form_comment"),
            multiline=True,
            required=False,
            max_length=MAX_COMMENT,
        )
    )
    return Form(
        form_id="polls.evaluation",
        title=ctx.t("polls.evaluation_form_title"),
        inputs=inputs,
        submit_label=ctx.t("polls.evaluation_submit"),
        state=str(poll.id),
    )


async def open_evaluation(ctx: Ctx, value: str) -> Poll:
    poll_id, _ = read_value(value)
    poll = await get_poll(ctx, poll_id, kind="evaluation")
    refuse_if_ended(ctx, poll)
    return poll


@feature.action("polls.evaluate")
async def answer_button(ctx: Ctx, value: str) -> Reply:
    poll = await open_evaluation(ctx, value)
    if await has_answered(ctx, poll, ctx.user_id):
        raise UserError("polls.already_evaluated")
    return evaluation_form(ctx, poll)


def read_scores(values: dict[str, str], count: int) -> dict[int, int]:
    """Criterion index → score from the form; FormInvalid for anything but 1 to 5."""
    scores: dict[int, int] = {}
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    for index in range(count):
        text = (values.get(f"c{index}") or "").strip()
        if not text:
            continue
        if text.isdecimal() and int(text) in SCORES:
            scores[index] = int(text)
        else:
            errors[f"c{index}"] = ("polls.bad_score", {"value": text[:10]})
    if errors:
        raise FormInvalid(errors)
    return scores


@feature.form("polls.evaluation")
async def submit_evaluation(ctx: Ctx, values: dict[str, str], state: str) -> Reply:
    """Record who answered (once) apart from the scores and the comment."""
    poll = await open_evaluation(ctx, state)
    criteria = criteria_of(poll)
    scores = read_scores(values, len(criteria))
    comment = checked_form(values, {"comment": MAX_COMMENT}, set())["comment"]
    if not scores and not comment:
        raise FormInvalid({"c0": ("polls.evaluation_empty", {})})
    if not await record_voter(ctx, poll):
        raise UserError("polls.already_evaluated")
    for index, score in scores.items():
        await ctx.session.exec(
            update(ScoreTally)  # type: ignore[call-overload]
            .where(
                col(ScoreTally.workspace) == ctx.workspace,
                col(ScoreTally.poll_id) == poll.id,
                col(ScoreTally.criterion) == index,
                col(ScoreTally.score) == score,
            )
            .values(count=ScoreTally.count + 1)
        )
    if comment:
        await add_comment(ctx, poll, comment)
    assert poll.id is not None
    return [
        await refreshed(ctx, poll),
        text_message(ctx.t("polls.evaluation_thanks")),
    ]


async def add_comment(ctx: Ctx, poll: Poll, comment: str) -> None:
    """Insert the comment at a random place of the shuffled list (no order to match)."""
    statement = (
        select(PollComments)
        .where(PollComments.workspace == ctx.workspace, PollComments.poll_id == poll.id)
        .with_for_update()
    )
    row = (await ctx.session.exec(statement)).first()
    if row is None:
        row = PollComments(workspace=ctx.workspace, poll_id=poll.id or 0)
    texts = list(json.loads(row.texts))
    texts.insert(secrets.randbelow(len(texts) + 1), comment)
    row.texts = json.dumps(texts, ensure_ascii=False)
    ctx.session.add(row)


@feature.command(
    "sondage", "tendances", aliases=("trends", "tendance"), help="polls.help.tendances"
)
async def trends(ctx: Ctx, text: str) -> Reply:
    """Averages per criterion across evaluations: a line chart and a table."""
    statement = (
        select(Poll)
        .where(Poll.workspace == ctx.workspace, Poll.kind == "evaluation")
        .order_by(col(Poll.created_at), col(Poll.id))
    )
    rows: list[tuple[Poll, int]] = []
    for poll in (await ctx.session.exec(statement)).all():
        count = await voter_count(ctx, poll)
        if ended_at(ctx, poll) is not None and below_threshold(ctx, poll, count) is None:
            rows.append((poll, count))
    rows = rows[-MAX_TRENDS:]
    if not rows:
        return text_message(
            ctx.t("polls.trends_empty", threshold=int(ctx.setting("seuil_anonymat")))
        )
    names: dict[str, str] = {}
    averages: list[dict[str, float | None]] = []
    for poll, _ in rows:
        found: dict[str, float | None] = {}
        for score in await scores_of(ctx, poll):
            names.setdefault(fold(score.name), score.name)
            found[fold(score.name)] = score.average
        averages.append(found)
    labels = [f"{ctx.local(poll.created_at):%Y-%m-%d}" for poll, _ in rows]
    series = {names[key]: [found.get(key) for found in averages] for key in names}
    title = ctx.tn("polls.trends_title", len(rows))
    png = await asyncio.to_thread(charts.line_chart, title, labels, series)
    return Message(
        blocks=[
            Section(f"*{title}*\n" + trends_table(ctx, rows, names, averages)),
            Image(png, ctx.tn("polls.trends_alt", len(rows)), ctx.t("polls.file_trends")),
        ],
        text=title,
        ephemeral=True,
    )


def trends_table(
    ctx: Ctx,
    rows: list[tuple[Poll, int]],
    names: dict[str, str],
    averages: list[dict[str, float | None]],
) -> str:
    """A monospaced table: one row per evaluation, one column per criterion, then the mean."""
    keys = list(names)
    header = [ctx.t("polls.trends_date"), ctx.t("polls.trends_answers")]
    header += [truncate(names[key], COLUMN) for key in keys]
    table = [header]
    for (poll, count), found in zip(rows, averages, strict=True):
        day = f"{ctx.local(poll.created_at):%Y-%m-%d}"
        table.append([day, str(count), *(decimal(ctx, found.get(key)) for key in keys)])
    means = [mean([found.get(key) for found in averages]) for key in keys]
    table.append([ctx.t("polls.trends_mean"), "", *(decimal(ctx, value) for value in means)])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in table
    ]
    titles = "\n".join(
        ctx.t(
            "polls.trends_line", day=f"{ctx.local(poll.created_at):%Y-%m-%d}", title=poll.question
        )
        for poll, _ in rows
    )
    return "```\n" + "\n".join(lines) + "\n```\n" + titles


def mean(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None
