"""The private messages of a vote: an anonymous draft to confirm, one's own choice."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.messages import Actions, Button, Message, Section, Style, text_message
from storage.models.polls import Poll, PollChoice

from .render import labels
from .rules import positions_of

TOGGLES_PER_ROW = 5


def draft_ballot(ctx: Ctx, poll: Poll, choices: list[PollChoice], mask: int) -> Message:
    """The choice(s) about to be cast, to confirm (and to complete, if multiple)."""
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
        for start in range(0, len(toggles), TOGGLES_PER_ROW):
            blocks.append(Actions(tuple(toggles[start : start + TOGGLES_PER_ROW])))
        blocks.append(Section(ctx.t("polls.draft_multiple", limit=poll.max_choices)))
    cancel = Button(ctx.t("polls.cancel_button"), "polls.cancel", str(poll.id))
    if chosen:
        confirm = ctx.t("polls.confirm_button")
        cast = Button(confirm, "polls.cast", f"{poll.id}:{mask}", Style.PRIMARY)
        blocks.append(Actions((cast, cancel)))
    else:
        blocks.append(Actions((cancel,)))
    return Message(blocks=blocks, text=text, ephemeral=True)


def my_vote_message(ctx: Ctx, poll: Poll, choices: list[PollChoice], mine: list[int]) -> Message:
    """What the person chose in a nominative poll, with a button to withdraw it."""
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


def answered(ctx: Ctx, poll: Poll, yes: bool) -> Message:
    """Whether the person answered an anonymous poll or an evaluation (never what)."""
    if not yes:
        return text_message(ctx.t("polls.my_vote_anonymous_no"))
    key = "polls.my_answer_yes" if poll.kind == "evaluation" else "polls.my_vote_anonymous_yes"
    return text_message(ctx.t(key))
