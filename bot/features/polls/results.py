"""What answers add up to: a poll's counts per choice, an evaluation's scores per criterion."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from storage.models.polls import Poll, PollChoice, ScoreTally

SCORES = (1, 2, 3, 4, 5)


@dataclass
class Tally:
    """Counts per choice position and how many people answered."""

    counts: list[int]
    voters: int

    @classmethod
    def nobody(cls, choices: list[PollChoice]) -> Tally:
        """The counts of a poll nobody has answered yet."""
        return cls([0] * len(choices), 0)


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


def criteria_of(poll: Poll) -> list[str]:
    """The criteria an evaluation was posted with."""
    return list(json.loads(poll.criteria or "[]"))


def scores_from(poll: Poll, rows: Iterable[ScoreTally]) -> list[CriterionScore]:
    """One score per criterion of ``poll``, from its stored counters."""
    scores = [CriterionScore(name, dict.fromkeys(SCORES, 0)) for name in criteria_of(poll)]
    for row in rows:
        if 0 <= row.criterion < len(scores) and row.score in SCORES:
            scores[row.criterion].counts[row.score] = row.count
    return scores


def mean(values: list[float | None]) -> float | None:
    """The mean of the values present, or None when there is none."""
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None
