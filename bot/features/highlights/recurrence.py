"""When the automatic récolte runs: « hebdo lundi 9h », « mensuel 1 9h », in local wall time."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import UserError
from bot.text import fold

WEEKLY, MONTHLY = "weekly", "monthly"
_FREQUENCIES = {
    "hebdo": WEEKLY,
    "hebdomadaire": WEEKLY,
    "semaine": WEEKLY,
    "weekly": WEEKLY,
    "week": WEEKLY,
    "mensuel": MONTHLY,
    "mensuelle": MONTHLY,
    "mois": MONTHLY,
    "monthly": MONTHLY,
    "month": MONTHLY,
}
_WEEKDAYS = {
    **{name: i for i, name in enumerate(("lundi", "mardi", "mercredi", "jeudi", "vendredi"))},
    "samedi": 5,
    "dimanche": 6,
    **{
        name: i
        for i, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}
# « 9h », « 13h30 », « 13:30 », « 9am », « 1:30pm » (after spaces are squeezed out)
_TIME = re.compile(r"^(\d{1,2})(?:(?:h|:)(\d{2})?(am|pm)?|(am|pm))$")
_LOOKS_LIKE_TIME = re.compile(r"^\d")  # after the day, a word with a digit is meant as a time
_DAY = re.compile(r"^(\d{1,2})(?:er|e|re|st|nd|rd|th)?$")
DEFAULT_HOUR = 9
ECHO = 60  # characters of a refused value quoted back


@dataclass(frozen=True)
class Recurrence:
    """Weekly on ``weekday`` (0 = Monday) or monthly on ``day`` (1-31), at ``hour``:``minute``."""

    frequency: str
    hour: int
    minute: int
    weekday: int | None = None
    day: int | None = None

    def as_payload(self) -> dict[str, int | str | None]:
        return {
            "frequency": self.frequency,
            "hour": self.hour,
            "minute": self.minute,
            "weekday": self.weekday,
            "day": self.day,
        }

    @classmethod
    def from_payload(cls, payload: dict) -> Recurrence:
        return cls(
            frequency=str(payload["frequency"]),
            hour=int(payload["hour"]),
            minute=int(payload["minute"]),
            weekday=payload.get("weekday"),
            day=payload.get("day"),
        )


def parse_recurrence(text: str) -> Recurrence:
    """« hebdo lundi 9h », « mensuel 1er 8 h 30 »; UserError with an example otherwise."""
    compact = re.sub(r"(\d{1,2})\s*h\s*(\d{2})?\b", r"\1h\2", fold(text))
    compact = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", compact)
    words = [w for w in compact.split() if w not in {"le", "a", "at", "on", "the"}]
    if not words or words[0] not in _FREQUENCIES:
        raise UserError("highlights.auto_bad_frequency", text=text.strip()[:ECHO] or "…")
    frequency = _FREQUENCIES[words[0]]
    bad = "highlights.auto_bad_weekly" if frequency == WEEKLY else "highlights.auto_bad_monthly"
    rest = words[1:]
    hour, minute = DEFAULT_HOUR, 0
    if rest and _TIME.match(rest[-1]):
        hour, minute = _read_time(rest.pop())
    if len(rest) == 2 and _LOOKS_LIKE_TIME.search(rest[1]):
        raise UserError("highlights.auto_bad_time", text=rest[1][:ECHO])
    if len(rest) != 1:
        raise UserError(bad, text=text.strip()[:ECHO])
    if frequency == WEEKLY:
        if rest[0] not in _WEEKDAYS:
            raise UserError(bad, text=text.strip()[:ECHO])
        return Recurrence(WEEKLY, hour, minute, weekday=_WEEKDAYS[rest[0]])
    match = _DAY.match(rest[0])
    if not match or not 1 <= int(match.group(1)) <= 31:
        raise UserError(bad, text=text.strip()[:ECHO])
    return Recurrence(MONTHLY, hour, minute, day=int(match.group(1)))


def _read_time(word: str) -> tuple[int, int]:
    match = _TIME.match(word)
    assert match is not None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = match.group(3) or match.group(4)
    if half:
        if not 1 <= hour <= 12:
            raise UserError("highlights.auto_bad_time", text=word[:ECHO])
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UserError("highlights.auto_bad_time", text=word[:ECHO])
    return hour, minute


def local_instant(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    """``day`` at ``hour``:``minute`` on the wall clock of ``zone``, as UTC.

    A time skipped by a spring-forward change moves forward by the gap (2 h 30 → 3 h 30);
    a time repeated by a fall-back change is its first occurrence.
    """
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)


def next_occurrence(recurrence: Recurrence, after: datetime, timezone: str) -> datetime:
    """The first instant of ``recurrence`` strictly after ``after`` (aware UTC result)."""
    zone = ZoneInfo(timezone)
    today = after.astimezone(zone).date()
    if recurrence.frequency == WEEKLY:
        for offset in range(0, 15):
            day = today + timedelta(days=offset)
            if day.weekday() == recurrence.weekday:
                instant = local_instant(day, recurrence.hour, recurrence.minute, zone)
                if instant > after:
                    return instant
    else:
        year, month = today.year, today.month
        for _ in range(3):
            last = calendar.monthrange(year, month)[1]
            day = date(year, month, min(recurrence.day or 1, last))
            instant = local_instant(day, recurrence.hour, recurrence.minute, zone)
            if instant > after:
                return instant
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise AssertionError("no occurrence found")  # unreachable: a week or a month always has one


def previous_occurrence(recurrence: Recurrence, due: datetime, timezone: str) -> datetime:
    """The occurrence one period before ``due``: where the first automatic récolte starts."""
    zone = ZoneInfo(timezone)
    day = due.astimezone(zone).date()
    if recurrence.frequency == WEEKLY:
        return local_instant(day - timedelta(days=7), recurrence.hour, recurrence.minute, zone)
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    last = calendar.monthrange(year, month)[1]
    earlier = date(year, month, min(recurrence.day or 1, last))
    return local_instant(earlier, recurrence.hour, recurrence.minute, zone)


def auto_key(channel: str, due: datetime | None = None) -> str:
    """Job key of a channel's automatic récolte; one pending row per channel at a time."""
    prefix = f"auto:{channel[:150]}:"
    return prefix + (str(int(due.timestamp())) if due else "")


def run_since(payload: dict, due: datetime, timezone: str) -> datetime:
    """Where a run's récolte starts: the previous run, else one period before ``due``."""
    if payload.get("since"):
        return datetime.fromisoformat(payload["since"]).astimezone(UTC)
    return previous_occurrence(Recurrence.from_payload(payload), due, timezone)
