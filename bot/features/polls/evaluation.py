"""Evaluations: their titles and timing, the scores read from the form, the trends over time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.ctx import Ctx
from bot.errors import FormInvalid
from bot.text import fold
from bot.validation import checked_text
from bot.when_format import format_date_only
from storage.models.polls import Poll

from .results import SCORES, CriterionScore
from .rules import below_threshold, ended_at, working_hours

OPEN_FOR = timedelta(days=7)
REMIND_AFTER = timedelta(days=1)
MAX_TITLE = 120
MAX_COMMENT = 1000
MAX_TRENDS = 12


def reminder_time(ctx: Ctx) -> datetime:
    """A day after an evaluation is posted, on a weekday at a sensible local hour (a Friday
    meeting's evaluation is recalled on Monday morning)."""
    return working_hours(ctx, ctx.now + REMIND_AFTER, weekdays=True)


def default_title(ctx: Ctx) -> str:
    """« Évaluation du 6 octobre 2026 »."""
    day = format_date_only(ctx.local(ctx.now), ctx.language)
    return ctx.t("polls.evaluation_default_title", date=day)


def checked_title(ctx: Ctx, text: str | None) -> str:
    """The title typed (or the meeting's), else « Évaluation du … »."""
    if not (text or "").strip():
        return default_title(ctx)
    return checked_text(text or "", limit=MAX_TITLE, empty_key="polls.missing_title")


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


def refuse_empty(scores: dict[int, int], comment: str) -> None:
    """An answer gives at least one score or a comment."""
    if not scores and not comment:
        raise FormInvalid({"c0": ("polls.evaluation_empty", {})})


def in_trends(ctx: Ctx, counted: list[tuple[Poll, int]]) -> list[tuple[Poll, int]]:
    """The last evaluations (with how many answered) whose results may be shown: ended and
    answered by enough people."""
    shown = [
        (poll, count)
        for poll, count in counted
        if ended_at(ctx, poll) is not None and below_threshold(ctx, poll, count) is None
    ]
    return shown[-MAX_TRENDS:]


@dataclass
class Trends:
    """Averages per criterion across evaluations; criteria matched by name, accents ignored."""

    rows: list[tuple[Poll, int]]  # each evaluation and how many answered it
    names: dict[str, str]  # folded name → the name as first written
    averages: list[dict[str, float | None]]  # per evaluation: folded name → average
    dates: list[str]  # per evaluation: the day it was posted

    @classmethod
    def of(
        cls, ctx: Ctx, rows: list[tuple[Poll, int]], scores: list[list[CriterionScore]]
    ) -> Trends:
        names: dict[str, str] = {}
        averages: list[dict[str, float | None]] = []
        for criteria in scores:
            found: dict[str, float | None] = {}
            for score in criteria:
                names.setdefault(fold(score.name), score.name)
                found[fold(score.name)] = score.average
            averages.append(found)
        dates = [f"{ctx.local(poll.created_at):%Y-%m-%d}" for poll, _ in rows]
        return cls(rows, names, averages, dates)

    @property
    def series(self) -> dict[str, list[float | None]]:
        """Criterion name → its average in each evaluation (None where it was not asked)."""
        return {self.names[key]: [found.get(key) for found in self.averages] for key in self.names}
