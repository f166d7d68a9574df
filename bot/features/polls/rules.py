"""The rules of polls: when answers are taken, who may manage, what may be shown and when."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Literal

from bot.ctx import Ctx
from bot.errors import UserError
from storage.models import Member
from storage.models.polls import Poll, PollChoice

REMINDER_AHEAD = timedelta(hours=24)
DAY_STARTS, DAY_ENDS = time(9), time(17)  # reminders go out between 9 h and 17 h, local time
REFRESH_DELAY = timedelta(seconds=3)


def worded(poll: Poll, key: str) -> str:
    """``polls.KEY``, or ``polls.KEY_evaluation`` for an evaluation (« réponse », not « vote »)."""
    return f"polls.{key}_evaluation" if poll.kind == "evaluation" else f"polls.{key}"


def ballots_are_secret(poll: Poll) -> bool:
    """Anonymous polls and evaluations keep who answered apart from what they chose."""
    return poll.anonymous or poll.kind == "evaluation"


# -- when answers are taken ------------------------------------------------------------------
def ended_at(ctx: Ctx, poll: Poll) -> datetime | None:
    """When the poll stopped taking answers: closed, or past its deadline; None while open."""
    if poll.closed_at is not None:
        return poll.closed_at
    if poll.closes_at is not None and poll.closes_at <= ctx.now:
        return poll.closes_at
    return None


def refuse_if_ended(ctx: Ctx, poll: Poll) -> None:
    """Refuse an answer once the poll is closed or its deadline has passed."""
    ended = ended_at(ctx, poll)
    if ended is not None:
        raise UserError(worded(poll, "closed"), when=ctx.when(ended))


def closing_time(ctx: Ctx, poll: Poll) -> datetime:
    """When a poll closed now counts as closed: never after its deadline."""
    return min(ctx.now, poll.closes_at) if poll.closes_at else ctx.now


def working_hours(ctx: Ctx, instant: datetime, *, weekdays: bool = False) -> datetime:
    """``instant`` moved into the table's local day: before 9 h → 9 h that day, after 17 h →
    9 h the next day; with ``weekdays``, a Saturday or a Sunday → Monday 9 h."""
    local = ctx.local(instant)
    morning = {"hour": DAY_STARTS.hour, "minute": 0, "second": 0, "microsecond": 0}
    if local.time() < DAY_STARTS:
        local = local.replace(**morning)
    elif local.time() > DAY_ENDS:
        local = (local + timedelta(days=1)).replace(**morning)
    while weekdays and local.weekday() >= 5:
        local = (local + timedelta(days=1)).replace(**morning)
    return local.astimezone(UTC)


def reminder_time(ctx: Ctx, closes_at: datetime) -> datetime | None:
    """When to remind those who have not answered: a day before the deadline, at a sensible
    local hour (« jusqu'au 8 déc. » closes at 23 h 59: the reminder goes out on the 8th at
    9 h); None when it would be too late."""
    reminder_at = working_hours(ctx, closes_at - REMINDER_AHEAD)
    return reminder_at if ctx.now < reminder_at < closes_at else None


# -- who may do what -------------------------------------------------------------------------
def in_channel(ctx: Ctx, poll: Poll) -> Poll:
    """The poll if it belongs to this channel: a button value or an id from another channel
    is refused, without showing the poll."""
    if poll.channel != ctx.place.channel:
        raise UserError("polls.other_channel", id=poll.id)
    return poll


def can_manage(ctx: Ctx, poll: Poll) -> bool:
    """The author and the coordinators may close and export."""
    return ctx.is_coordinator or (ctx.actor is not None and ctx.user_id == poll.author_id)


def expected(missing: list[Member], attendees: set[str] | None) -> list[Member] | None:
    """Who should answer and has not: everyone missing, or those of them who attended the
    meeting evaluated; None when nobody attended (then nobody can be counted)."""
    if attendees is None:
        return missing
    return [member for member in missing if member.user_id in attendees] if attendees else None


def attendees_from(answers: list[list[str]]) -> set[str] | None:
    """The people present according to the meetings' answers; None when none answered."""
    return {user for answer in answers for user in answer} if answers else None


# -- choosing --------------------------------------------------------------------------------
def choice_at(choices: list[PollChoice], position: int | None) -> PollChoice:
    """The choice a button names; an out-of-range position is refused."""
    if position is None or not 0 <= position < len(choices):
        raise UserError("polls.bad_button")
    return choices[position]


VoteChange = Literal["unchanged", "set", "remove", "add"]


def vote_change(poll: Poll, mine: list[int], position: int) -> VoteChange:
    """What a click on ``position`` does to a nominative vote: single choice, set it (or
    leave it); multiple choice, toggle it, refusing more picks than allowed."""
    if poll.max_choices == 1:
        return "unchanged" if mine == [position] else "set"
    if position in mine:
        return "remove"
    if len(mine) >= poll.max_choices:
        raise UserError("polls.too_many_picks", limit=poll.max_choices)
    return "add"


def positions_of(mask: int) -> list[int]:
    """The positions set in an anonymous draft's bit mask."""
    return [position for position in range(mask.bit_length()) if mask >> position & 1]


def checked_mask(ctx: Ctx, poll: Poll, mask: int | None, count: int) -> list[int]:
    """The positions of an untrusted mask among ``count`` choices: in range, at least one,
    at most the limit."""
    refuse_if_ended(ctx, poll)
    if poll.kind != "poll" or not poll.anonymous or mask is None:
        raise UserError("polls.bad_button")
    positions = positions_of(mask)
    if not positions or mask >= 1 << count:
        raise UserError("polls.bad_button")
    if len(positions) > poll.max_choices:
        raise UserError("polls.too_many_picks", limit=poll.max_choices)
    return positions


def may_draft_nothing(ctx: Ctx, poll: Poll, mask: int | None) -> bool:
    """An empty draft (every choice unticked) of an open anonymous poll may be shown."""
    return mask == 0 and poll.anonymous and poll.kind == "poll" and ended_at(ctx, poll) is None


# -- what may be shown -----------------------------------------------------------------------
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


def results_visible(ctx: Ctx, poll: Poll, voters: int) -> str | None:
    """None when results may be shown; otherwise the reason, ready to display."""
    if poll.hidden and poll.closed_at is None:
        return ctx.t("polls.results_hidden")
    if poll.anonymous:  # ballots are sealed until the close
        below = below_threshold(ctx, poll, voters)
        return below or (ctx.t("polls.results_sealed") if poll.closed_at is None else None)
    return None


def refuse_export(ctx: Ctx, poll: Poll, voters: int) -> None:
    """Refuse a CSV whose results may not be shown yet; an evaluation's, while it is open
    (two exports would reveal one person's scores)."""
    if poll.kind == "evaluation":
        if poll.closed_at is None:  # its ballots are counted when it closes
            raise UserError("polls.evaluation_export_open", id=poll.id)
        reason = below_threshold(ctx, poll, voters)
    else:
        reason = results_visible(ctx, poll, voters)
    if reason is not None:
        raise UserError("polls.export_refused", reason=reason)
