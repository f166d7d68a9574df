"""Series of meetings: the words that name one, and shifting every meeting of a series.

Pure: « +1 semaine », « de 2 jours plus tard », "1 week earlier" → a signed shift; a shift
in days or weeks keeps the wall-clock time (across a time change), hours and minutes are
elapsed time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from bot.text import fold
from storage.models.meetings import Meeting

SERIES_WORDS = ("serie", "series", "la-serie", "the-series")
_UNITS = {
    "semaine": "weeks", "semaines": "weeks", "sem": "weeks", "week": "weeks", "weeks": "weeks",
    "jour": "days", "jours": "days", "j": "days", "day": "days", "days": "days", "d": "days",
    "heure": "hours", "heures": "hours", "h": "hours", "hour": "hours", "hours": "hours",
    "minute": "minutes", "minutes": "minutes", "min": "minutes",
}  # fmt: skip
_EARLIER = ("plus tot", "avant", "earlier", "sooner", "before")
_SHIFT = re.compile(
    r"^(?:(?:de|d'|by)\s*)?(?P<sign>[+-])?\s*(?P<n>\d{1,3})\s*(?P<unit>[a-z]+)"
    r"(?:\s+(?P<dir>plus tard|plus tot|apres|avant|later|after|earlier|sooner|before))?$"
)


@dataclass(frozen=True)
class Shift:
    """How far every meeting moves: ``amount`` (signed) of ``unit`` (weeks, days, hours,
    minutes); ``source`` is what was typed."""

    amount: int
    unit: str
    source: str

    def apply(self, instant: datetime, zone: tzinfo) -> datetime:
        """``instant`` moved by the shift (days and weeks at the same wall-clock time)."""
        if self.unit in ("weeks", "days"):
            local = instant.astimezone(zone)  # aware arithmetic: the same wall-clock time
            return (local + timedelta(**{self.unit: self.amount})).astimezone(UTC)
        return instant + timedelta(**{self.unit: self.amount})


def is_series_word(word: str) -> bool:
    """« série », "series": the command is about a whole series."""
    return fold(word) in SERIES_WORDS


def read_shift(text: str) -> Shift | None:
    """« +1 semaine », « de 2 jours », « 1 semaine plus tôt », "-1 week", "by 2 days later";
    None when ``text`` is no shift (then it may be new dates)."""
    found = _SHIFT.match(fold(text))
    if found is None or found["unit"] not in _UNITS:
        return None
    if found["sign"] and found["dir"]:
        return None  # « -1 semaine plus tard »: which one?
    amount = int(found["n"])
    if found["sign"] == "-" or (found["dir"] or "") in _EARLIER:
        amount = -amount
    return Shift(amount, _UNITS[found["unit"]], text.strip())


def series_version(meetings: list[Meeting]) -> str:
    """A version of a series' remaining meetings, to disarm a question once one changes."""
    return f"{len(meetings)}x{sum(m.sequence for m in meetings)}"
