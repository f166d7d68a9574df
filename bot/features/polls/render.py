"""The poll message (updated in place after each vote) and the results posted at close."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot import charts, hooks
from bot.ctx import Ctx
from bot.messages import Actions, Button, Context, Header, Image, Message, Section, Style, Update
from bot.text import truncate
from storage.models.polls import Poll, PollChoice

from .store import Tally, choices_of, job_key, message_key, tally

BAR_CELLS = 10
BUTTONS_PER_ROW = 5


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


def results_visible(ctx: Ctx, poll: Poll, counts: Tally) -> str | None:
    """None when results may be shown; otherwise the reason, ready to display."""
    if poll.hidden and poll.closed_at is None:
        return ctx.t("polls.results_hidden")
    if poll.anonymous:
        return below_threshold(ctx, poll, counts.voters)
    return None


def threshold_of(ctx: Ctx, poll: Poll) -> int:
    """Answers needed before anonymous results show: never fewer than promised at the start."""
    current = int(ctx.setting("seuil_anonymat"))
    return current if poll.min_responses is None else max(current, poll.min_responses)


def below_threshold(ctx: Ctx, poll: Poll, count: int) -> str | None:
    """Why anonymous results are not shown (too few answers), or None when they may be."""
    threshold = threshold_of(ctx, poll)
    if count >= threshold:
        return None
    if poll.closed_at is None:
        return ctx.t("polls.results_below_threshold", threshold=threshold, count=count)
    return ctx.tn("polls.results_below_threshold_closed", count, threshold=threshold)


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


async def poll_message(
    ctx: Ctx, poll: Poll, choices: list[PollChoice] | None = None, counts: Tally | None = None
) -> Message:
    """The channel message of a poll, with one button per choice while it is open.

    ``choices`` and ``counts`` are read from the database unless the caller knows them.
    """
    assert poll.id is not None
    if choices is None:
        choices = await choices_of(ctx, poll)
    if counts is None:
        counts = await tally(ctx, poll, choices)
    author = await ctx.display_name(poll.author_id)
    closed = poll.closed_at is not None
    title = ctx.t("polls.title_closed" if closed else "polls.title", question=poll.question)
    blocks: list = [Header(title)]
    hidden = results_visible(ctx, poll, counts)
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


async def results_message(ctx: Ctx, poll: Poll) -> Message:
    """Posted when a poll closes: the counts and a PNG bar chart (if they may be shown)."""
    choices = await choices_of(ctx, poll)
    counts = await tally(ctx, poll, choices)
    title = ctx.t("polls.results_title", question=poll.question)
    blocks: list = [Header(title)]
    hidden = results_visible(ctx, poll, counts)
    if hidden is not None:
        blocks.append(Section(hidden))
    else:
        blocks.append(Section(result_lines(ctx, choices, counts)))
        png = await asyncio.to_thread(
            charts.bar_chart, poll.question, [c.label for c in choices], counts.counts
        )
        alt = ctx.t(
            "polls.chart_alt",
            question=poll.question,
            results=", ".join(
                ctx.t("polls.chart_alt_item", label=c.label, count=n)
                for c, n in zip(choices, counts.counts, strict=True)
            ),
        )
        blocks.append(Image(png, alt, ctx.t("polls.file_chart", id=poll.id)))
    blocks.append(Context((ctx.tn("polls.results_footer", counts.voters, id=poll.id),)))
    return Message(blocks=blocks, text=title, channel=poll.channel)


REFRESH_DELAY = timedelta(seconds=3)


async def refreshed(ctx: Ctx, poll: Poll) -> Update:
    """The poll message updated now, plus a catch-up refresh once a burst of clicks settles.

    Concurrent clicks can deliver their updates out of order; the refresh job (one per poll,
    moved by each click) re-renders from the database so the last word is always right.
    """
    assert poll.id is not None
    await ctx.schedule(hooks.POLL_REFRESH, job_key(poll.id), ctx.now + REFRESH_DELAY)
    return Update(message_key(poll.id), await current_message(ctx, poll))


async def current_message(ctx: Ctx, poll: Poll) -> Message:
    if poll.kind == "evaluation":
        from .evaluation_render import evaluation_message

        return await evaluation_message(ctx, poll)
    return await poll_message(ctx, poll)
