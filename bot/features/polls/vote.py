"""Voting with buttons in a nominative poll: one vote per person, which they may change."""

from __future__ import annotations

from sqlmodel import col, delete

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.polls.feature import feature
from bot.messages import Actions, Button, Message, Reply, Section, text_message
from storage.models.polls import Poll, PollChoice, PollVote
from storage.queries import insert_ignore, upsert

from .anonymity import draft_ballot
from .render import labels, refreshed
from .store import (
    choices_of,
    get_poll,
    has_answered,
    my_positions,
    read_value,
    refuse_if_ended,
)


async def open_poll(ctx: Ctx, poll_id: int) -> Poll:
    """The poll, refusing a closed one (nothing is counted after close)."""
    poll = await get_poll(ctx, poll_id)
    refuse_if_ended(ctx, poll)
    return poll


def choice_at(choices: list[PollChoice], position: int | None) -> PollChoice:
    """The choice a button names; an out-of-range position is refused."""
    if position is None or not 0 <= position < len(choices):
        raise UserError("polls.bad_button")
    return choices[position]


@feature.action("polls.vote")
async def vote(ctx: Ctx, value: str) -> Reply:
    """A click on a choice: vote, change the vote, or toggle it (multiple choice)."""
    poll_id, position = read_value(value)
    poll = await open_poll(ctx, poll_id)
    if poll.kind != "poll":
        raise UserError("polls.bad_button")
    choices = await choices_of(ctx, poll)
    choice = choice_at(choices, position)
    if poll.anonymous:
        if await has_answered(ctx, poll, ctx.user_id):
            raise UserError("polls.already_voted_anonymous")
        return await draft_ballot(ctx, poll, 1 << choice.position)
    mine = await my_positions(ctx, poll, ctx.user_id)
    values = {"workspace": ctx.workspace, "poll_id": poll.id, "user_id": ctx.user_id}
    if poll.max_choices == 1:
        if mine == [choice.position]:
            return text_message(ctx.t("polls.vote_unchanged", choice=choice.label))
        await upsert(
            ctx.session,
            PollVote,
            {**values, "slot": 0, "position": choice.position},
            ["poll_id", "user_id", "slot"],
            ["position"],
        )
    elif choice.position in mine:
        await ctx.session.exec(
            delete(PollVote).where(  # type: ignore[call-overload]
                col(PollVote.workspace) == ctx.workspace,
                col(PollVote.poll_id) == poll.id,
                col(PollVote.user_id) == ctx.user_id,
                col(PollVote.position) == choice.position,
            )
        )
    elif len(mine) >= poll.max_choices:
        raise UserError("polls.too_many_picks", limit=poll.max_choices)
    else:
        await insert_ignore(
            ctx.session,
            PollVote,
            {**values, "slot": choice.position, "position": choice.position},
            ["poll_id", "user_id", "slot"],
        )
    return [
        await refreshed(ctx, poll),
        await my_vote_message(ctx, poll, choices),
    ]


async def my_vote_message(ctx: Ctx, poll: Poll, choices: list[PollChoice] | None = None) -> Message:
    """Private: what the person chose in a nominative poll, with a button to withdraw it."""
    choices = choices if choices is not None else await choices_of(ctx, poll)
    mine = await my_positions(ctx, poll, ctx.user_id)
    if not mine:
        return text_message(ctx.t("polls.my_vote_none", question=poll.question))
    text = ctx.t("polls.my_vote", question=poll.question, choices=labels(ctx, choices, mine))
    if poll.max_choices > 1:
        text += "\n" + ctx.t("polls.my_vote_multiple_hint", limit=poll.max_choices)
    else:
        text += "\n" + ctx.t("polls.my_vote_change_hint")
    blocks: list = [Section(text)]
    if poll.closed_at is None:
        blocks.append(
            Actions((Button(ctx.t("polls.withdraw_button"), "polls.withdraw", str(poll.id)),))
        )
    return Message(blocks=blocks, text=text, ephemeral=True)


@feature.action("polls.mine")
async def show_mine(ctx: Ctx, value: str) -> Reply:
    """« Mon vote » (« Ma réponse » on an evaluation): the person's own choice, privately;
    anonymous polls and evaluations only say whether they answered."""
    poll_id, _ = read_value(value)
    poll = await get_poll(ctx, poll_id)
    if poll.anonymous or poll.kind == "evaluation":
        if not await has_answered(ctx, poll, ctx.user_id):
            return text_message(ctx.t("polls.my_vote_anonymous_no"))
        yes = "polls.my_answer_yes" if poll.kind == "evaluation" else "polls.my_vote_anonymous_yes"
        return text_message(ctx.t(yes))
    return await my_vote_message(ctx, poll)


@feature.action("polls.withdraw")
async def withdraw(ctx: Ctx, value: str) -> Reply:
    """Withdraw one's vote from an open nominative poll."""
    poll_id, _ = read_value(value)
    poll = await open_poll(ctx, poll_id)
    if poll.anonymous or poll.kind != "poll":
        raise UserError("polls.anonymous_final")
    result = await ctx.session.exec(
        delete(PollVote).where(  # type: ignore[call-overload]
            col(PollVote.workspace) == ctx.workspace,
            col(PollVote.poll_id) == poll.id,
            col(PollVote.user_id) == ctx.user_id,
        )
    )
    if not result.rowcount:
        return text_message(ctx.t("polls.my_vote_none", question=poll.question))
    return [
        await refreshed(ctx, poll),
        text_message(ctx.t("polls.withdrawn", question=poll.question)),
    ]
