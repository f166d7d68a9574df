"""How evaluations look: the form's message, the averages, the results and their CSV."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass

from sqlmodel import select

from bot import charts
from bot.ctx import Ctx
from bot.errors import UserError
from bot.exports import csv_attachment
from bot.messages import (
    Actions,
    Attachment,
    Button,
    Context,
    Header,
    Image,
    Message,
    Section,
    Style,
)
from bot.text import harmless
from storage.models.polls import Poll, PollComments, ScoreTally

from .render import below_threshold
from .store import criteria_of, ended_at, message_key, voter_count

SCORES = (1, 2, 3, 4, 5)
MAX_COMMENTS = 30
_ANGLE_LINK = re.compile(r"<([^<>|\s]+)\|([^<>]*)>")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")


@dataclass
class CriterionScore:
    """The answers to one criterion: how many gave each score, and their average."""

    name: str
    counts: dict[int, int]

    @property
    def answers(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> float | None:
        if not self.answers:
            return None
        return sum(score * n for score, n in self.counts.items()) / self.answers


def decimal(ctx: Ctx, value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return text.replace(".", ",") if ctx.language == "fr" else text


async def scores_of(ctx: Ctx, poll: Poll) -> list[CriterionScore]:
    statement = select(ScoreTally).where(
        ScoreTally.workspace == ctx.workspace, ScoreTally.poll_id == poll.id
    )
    rows = (await ctx.session.exec(statement)).all()
    scores = [CriterionScore(name, dict.fromkeys(SCORES, 0)) for name in criteria_of(poll)]
    for row in rows:
        if 0 <= row.criterion < len(scores) and row.score in SCORES:
            scores[row.criterion].counts[row.score] = row.count
    return scores


async def comments_of(ctx: Ctx, poll: Poll) -> list[str]:
    statement = select(PollComments.texts).where(
        PollComments.workspace == ctx.workspace, PollComments.poll_id == poll.id
    )
    stored = (await ctx.session.exec(statement)).first()
    return list(json.loads(stored)) if stored else []


async def evaluation_message(ctx: Ctx, poll: Poll) -> Message:
    """The channel message: criteria, scale, how many answered, the « Répondre » button."""
    assert poll.id is not None
    closed = poll.closed_at is not None
    title = ctx.t(
        "polls.evaluation_title_closed" if closed else "polls.evaluation_title", title=poll.question
    )
    criteria = "\n".join(f"{i}. {name}" for i, name in enumerate(criteria_of(poll), start=1))
    count = await voter_count(ctx, poll)
    blocks: list = [
        Header(title),
        Section(ctx.t("polls.evaluation_intro") + "\n" + criteria),
    ]
    lines = [ctx.t("polls.evaluation_anonymous", id=poll.id)]
    if closed:
        lines.append(
            ctx.tn("polls.evaluation_closed_on", count, when=ctx.when(poll.closed_at))
        )
    elif poll.closes_at is not None:
        lines.append(ctx.tn("polls.closes_on", count, when=ctx.when(poll.closes_at)))
    blocks.append(Context(tuple(lines)))
    if not closed:
        blocks.append(
            Actions(
                (
                    Button(
                        ctx.t("polls.evaluate_button"),
                        "polls.evaluate",
                        str(poll.id),
                        Style.PRIMARY,
                    ),
                    Button(ctx.t("polls.my_answer_button"), "polls.mine", str(poll.id)),
                    Button(
                        ctx.t("polls.close_evaluation_button"),
                        "polls.close",
                        str(poll.id),
                        Style.DANGER,
                    ),
                )
            )
        )
    return Message(blocks=blocks, text=title, key=message_key(poll.id), channel=poll.channel)


def plain_comment(text: str) -> str:
    """A comment as inert text: no mention, no masked link (the address is shown instead)."""
    text = _ANGLE_LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", harmless(text))
    return _MARKDOWN_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)


def quoted_comment(comment: str) -> str:
    """One comment as one quote: every line quoted, so a line break cannot leave it."""
    return "\n".join("> " + line for line in plain_comment(comment).splitlines() or [""])


def comments_section(ctx: Ctx, comments: list[str]) -> str:
    """The heading, then each comment as its own quote, a blank line between two comments
    (a comment of several lines reads as one); those beyond the limit are counted."""
    shown = comments[:MAX_COMMENTS]
    parts = [ctx.tn("polls.comments_title", len(shown))]
    parts.extend(quoted_comment(comment) for comment in shown)
    hidden = len(comments) - len(shown)
    if hidden:
        parts.append(ctx.tn("polls.comments_more", hidden))
    return "\n\n".join(parts)


async def evaluation_results(ctx: Ctx, poll: Poll) -> Message:
    """Posted at close: averages per criterion, a bar chart, the comments (shuffled)."""
    count = await voter_count(ctx, poll)
    title = ctx.t("polls.evaluation_results_title", title=poll.question)
    blocks: list = [Header(title)]
    refused = below_threshold(ctx, poll, count)
    if refused:
        blocks.append(Section(refused))
    else:
        scores = await scores_of(ctx, poll)
        lines = [
            ctx.tn("polls.criterion_line", s.answers, name=s.name, average=decimal(ctx, s.average))
            for s in scores
        ]
        blocks.append(Section("\n".join(lines)))
        png = await asyncio.to_thread(
            charts.bar_chart,
            poll.question,
            [s.name for s in scores],
            [round(s.average or 0, 1) for s in scores],
            unit=" / 5",
        )
        blocks.append(Image(png, ctx.t("polls.evaluation_chart_alt", title=poll.question)))
        comments = await comments_of(ctx, poll)
        if comments:
            blocks.append(Section(comments_section(ctx, comments)))
    blocks.append(Context((ctx.tn("polls.results_footer", count, id=poll.id),)))
    return Message(blocks=blocks, text=title, channel=poll.channel)


async def evaluation_csv(ctx: Ctx, poll: Poll) -> Attachment:
    """Counts per score and the average of each criterion (never who answered what).

    Refused while the evaluation is open: two exports would reveal one person's scores.
    """
    if ended_at(ctx, poll) is None:
        raise UserError("polls.evaluation_export_open", id=poll.id)
    refused = below_threshold(ctx, poll, await voter_count(ctx, poll))
    if refused:
        raise UserError("polls.export_refused", reason=refused)
    header = [ctx.t("polls.csv_criterion"), *map(str, SCORES), ctx.t("polls.csv_average")]
    rows = [
        [s.name, *(s.counts[score] for score in SCORES), decimal(ctx, s.average)]
        for s in await scores_of(ctx, poll)
    ]
    return csv_attachment(ctx.t("polls.file_evaluation", id=poll.id), header, rows)
