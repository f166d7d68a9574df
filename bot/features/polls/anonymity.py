"""Anonymous ballots: who voted is recorded apart from what was chosen.

The choice travels only in the person's private draft (button values, never stored) until
they confirm; then one ``PollVoter`` row (who) is inserted and the chosen counters
(``PollChoice.votes``) are incremented in the same transaction. A second ballot is refused
by the voter row's unique constraint; the counters carry no id, order or time of a vote.
"""

from __future__ import annotations

from sqlmodel import col, update

from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.polls.feature import feature
from bot.messages import Actions, Button, Message, Reply, Section, Style, text_message
from storage.models.polls import Poll, PollChoice

from .render import labels, refreshed
from .store import choices_of, ended_at, get_poll, read_value, record_voter, refuse_if_ended


def positions_of(mask: int) -> list[int]:
    return [position for position in range(mask.bit_length()) if mask >> position & 1]


async def checked_mask(ctx: Ctx, poll: Poll, mask: int | None) -> list[int]:
    """The positions of an untrusted mask: in range, at least one, at most the limit."""
    refuse_if_ended(ctx, poll)
    if poll.kind != "poll" or not poll.anonymous or mask is None:
        raise UserError("polls.bad_button")
    count = len(await choices_of(ctx, poll))
    positions = positions_of(mask)
    if not positions or mask >= 1 << count:
        raise UserError("polls.bad_button")
    if len(positions) > poll.max_choices:
        raise UserError("polls.too_many_picks", limit=poll.max_choices)
    return positions


async def draft_ballot(ctx: Ctx, poll: Poll, mask: int) -> Message:
    """Private: the choice(s) about to be cast, to confirm (and to complete, if multiple)."""
    choices = await choices_of(ctx, poll)
    chosen = positions_of(mask)
    names = labels(ctx, choices, chosen)
    text = ctx.t("polls.draft", choices=names) + "\n" + ctx.t("polls.draft_final")
    blocks: list = [Section(text)]
    if poll.max_choices > 1:
        toggles = [
            Button(
                ("☑ " if choice.position in chosen else "☐ ") + choice.label,
                "polls.pick",
                f"{poll.id}:{mask ^ (1 << choice.position)}",
            )
            for choice in choices
        ]
        for start in range(0, len(toggles), 5):
            blocks.append(Actions(tuple(toggles[start : start + 5])))
        blocks.append(Section(ctx.t("polls.draft_multiple", limit=poll.max_choices)))
    final = [Button(ctx.t("polls.cancel_button"), "polls.cancel", str(poll.id))]
    if chosen:
        confirm = Button(ctx.t("polls.confirm_button"), "polls.cast", f"{poll.id}:{mask}")
        final.insert(0, Button(confirm.label, confirm.action_id, confirm.value, Style.PRIMARY))
    blocks.append(Actions(tuple(final)))
    return Message(blocks=blocks, text=text, ephemeral=True)


@feature.action("polls.pick")
async def pick(ctx: Ctx, value: str) -> Reply:
    """Add or remove a choice in a private draft (nothing is stored)."""
    poll_id, mask = read_value(value)
    poll = await get_poll(ctx, poll_id)
    if mask == 0 and poll.anonymous and poll.kind == "poll" and ended_at(ctx, poll) is None:
        return await draft_ballot(ctx, poll, 0)
    await checked_mask(ctx, poll, mask)
    assert mask is not None
    return await draft_ballot(ctx, poll, mask)


@feature.action("polls.cancel")
async def cancel(ctx: Ctx, value: str) -> Reply:
    return text_message(ctx.t("polls.draft_cancelled"))


@feature.action("polls.cast")
async def cast(ctx: Ctx, value: str) -> Reply:
    """Confirm an anonymous ballot: record the voter, then increment the counters."""
    poll_id, mask = read_value(value)
    poll = await get_poll(ctx, poll_id)
    positions = await checked_mask(ctx, poll, mask)
    if not await record_voter(ctx, poll):
        raise UserError("polls.already_voted_anonymous")
    await ctx.session.exec(
        update(PollChoice)  # type: ignore[call-overload]
        .where(
            col(PollChoice.workspace) == ctx.workspace,
            col(PollChoice.poll_id) == poll.id,
            col(PollChoice.position).in_(positions),
        )
        .values(votes=PollChoice.votes + 1)
    )
    choices = await choices_of(ctx, poll)
    names = labels(ctx, choices, positions)
    return [
        await refreshed(ctx, poll),
        text_message(ctx.t("polls.cast", choices=names)),
    ]
