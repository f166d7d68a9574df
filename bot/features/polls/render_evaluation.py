"""How evaluations look: the message, the form, the results, their CSV, the trends."""

from __future__ import annotations

import re

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
from bot.text import decimal_text, harmless, truncate
from storage.models.polls import Poll

from .evaluation import MAX_COMMENT, Trends
from .keys import message_key
from .results import SCORES, CriterionScore, criteria_of, mean
from .rules import below_threshold

MAX_COMMENTS = 30
COLUMN = 14
_ANGLE_LINK = re.compile(r"<([^<>|\s]+)\|([^<>]*)>")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")


def decimal(ctx: Ctx, value: float | None) -> str:
    """« 3,5 » in French, "3.5" in English; « — » for no value."""
    if value is None:
        return "—"
    return decimal_text(value, ctx.language)


def evaluation_message(ctx: Ctx, poll: Poll, count: int) -> Message:
    """The channel message: criteria, scale, how many answered, the « Répondre » button."""
    assert poll.id is not None
    closed = poll.closed_at is not None
    title = ctx.t(
        "polls.evaluation_title_closed" if closed else "polls.evaluation_title", title=poll.question
    )
    criteria = "\n".join(f"{i}. {name}" for i, name in enumerate(criteria_of(poll), start=1))
    blocks: list = [
        Header(title),
        Section(ctx.t("polls.evaluation_intro") + "\n" + criteria),
    ]
    lines = [ctx.t("polls.evaluation_anonymous", id=poll.id)]
    if closed:
        lines.append(ctx.tn("polls.evaluation_closed_on", count, when=ctx.when(poll.closed_at)))
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


def evaluation_form(ctx: Ctx, poll: Poll) -> Form:
    """One field per criterion (a score from 1 to 5, optional) and a comment."""
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


def evaluation_results(
    ctx: Ctx,
    poll: Poll,
    count: int,
    scores: list[CriterionScore],
    comments: list[str],
    chart: bytes | None,
) -> Message:
    """Posted at close: averages per criterion, the bar chart, the comments (shuffled); only
    how many answered when they are too few."""
    title = ctx.t("polls.evaluation_results_title", title=poll.question)
    blocks: list = [Header(title)]
    refused = below_threshold(ctx, poll, count)
    if refused:
        blocks.append(Section(refused))
    else:
        lines = [
            ctx.tn("polls.criterion_line", s.answers, name=s.name, average=decimal(ctx, s.average))
            for s in scores
        ]
        blocks.append(Section("\n".join(lines)))
        if chart is not None:
            alt = ctx.t("polls.evaluation_chart_alt", title=poll.question)
            blocks.append(Image(chart, alt))
        if comments:
            blocks.append(Section(comments_section(ctx, comments)))
    blocks.append(Context((ctx.tn("polls.results_footer", count, id=poll.id),)))
    return Message(blocks=blocks, text=title, channel=poll.channel)


def evaluation_csv(ctx: Ctx, poll: Poll, scores: list[CriterionScore]) -> Attachment:
    """Counts per score and the average of each criterion (never who answered what)."""
    header = [ctx.t("polls.csv_criterion"), *map(str, SCORES), ctx.t("polls.csv_average")]
    rows = [
        [s.name, *(s.counts[score] for score in SCORES), decimal(ctx, s.average)] for s in scores
    ]
    return csv_attachment(ctx.t("polls.file_evaluation", id=poll.id), header, rows)


# -- trends ----------------------------------------------------------------------------------
def no_trends(ctx: Ctx, threshold: int) -> Message:
    """No evaluation may be shown yet (none ended with ``threshold`` answers or more)."""
    return text_message(ctx.t("polls.trends_empty", threshold=threshold))


def trends_title(ctx: Ctx, trends: Trends) -> str:
    return ctx.tn("polls.trends_title", len(trends.rows))


def trends_message(ctx: Ctx, trends: Trends, chart: bytes) -> Message:
    """Averages per criterion across evaluations: the line chart and a table."""
    title = trends_title(ctx, trends)
    count = len(trends.rows)
    return Message(
        blocks=[
            Section(f"*{title}*\n" + trends_table(ctx, trends)),
            Image(chart, ctx.tn("polls.trends_alt", count), ctx.t("polls.file_trends")),
        ],
        text=title,
        ephemeral=True,
    )


def trends_table(ctx: Ctx, trends: Trends) -> str:
    """A monospaced table: one row per evaluation, one column per criterion, then the mean."""
    keys = list(trends.names)
    header = [ctx.t("polls.trends_date"), ctx.t("polls.trends_answers")]
    header += [truncate(trends.names[key], COLUMN) for key in keys]
    table = [header]
    for day, (_, count), found in zip(trends.dates, trends.rows, trends.averages, strict=True):
        table.append([day, str(count), *(decimal(ctx, found.get(key)) for key in keys)])
    means = [mean([found.get(key) for found in trends.averages]) for key in keys]
    table.append([ctx.t("polls.trends_mean"), "", *(decimal(ctx, value) for value in means)])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in table
    ]
    titles = "\n".join(
        ctx.t("polls.trends_line", day=day, title=poll.question)
        for day, (poll, _) in zip(trends.dates, trends.rows, strict=True)
    )
    return "```\n" + "\n".join(lines) + "\n```\n" + titles
