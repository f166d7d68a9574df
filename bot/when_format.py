"""Writing instants back for people: day and month names come from Babel (fr_CA, en_CA).

French (Québec usage): « vendredi 12 décembre 2026 à 9 h », « 1er » for the first of the month.
English: "Friday, December 12, 2026 at 9:00 AM".

The small ``Instant``, ``CalendarDay`` and ``WeekdayName`` wrappers are used as message
parameters: they format themselves in the language named by the format spec, so a catalog
entry writes ``{when:fr}`` or ``{when:en}`` and the same parameters can be re-rendered in
either language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from babel.dates import get_day_names, get_month_names

from bot.i18n import babel_locale, normalise_language


@cache
def _day_names(language: str) -> tuple[str, ...]:
    names = get_day_names("wide", locale=babel_locale(language))
    return tuple(str(names[index]) for index in range(7))


@cache
def _month_names(language: str) -> tuple[str, ...]:
    names = get_month_names("wide", locale=babel_locale(language))
    return ("", *(str(names[index]) for index in range(1, 13)))


def weekday_name(weekday: int, locale: str = "fr") -> str:
    """Name of a weekday (0 = Monday): « mardi », "Tuesday"."""
    return _day_names(normalise_language(locale))[weekday]


def format_date_only(day: date, locale: str = "fr") -> str:
    """A calendar date without its weekday: « 1er décembre 2026 », "December 1, 2026"."""
    language = normalise_language(locale)
    month = _month_names(language)[day.month]
    if language == "en":
        return f"{month} {day.day}, {day.year}"
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {month} {day.year}"


def format_day(dt: date, locale: str = "fr") -> str:
    """A day in full: « vendredi 12 décembre 2026 », "Friday, December 12, 2026"."""
    language = normalise_language(locale)
    weekday = weekday_name(dt.weekday(), language)
    separator = ", " if language == "en" else " "
    return f"{weekday}{separator}{format_date_only(dt, language)}"


def format_time(dt: datetime, locale: str = "fr") -> str:
    """A wall-clock time: « 9 h », « 13 h 30 », "9:00 AM", "1:30 PM" (OQLF: no « h 00 »)."""
    if normalise_language(locale) == "en":
        hour12 = dt.hour % 12 or 12
        suffix = "AM" if dt.hour < 12 else "PM"
        return f"{hour12}:{dt.minute:02d} {suffix}"
    return f"{dt.hour} h" if dt.minute == 0 else f"{dt.hour} h {dt.minute:02d}"


def format_when(dt: datetime, locale: str = "fr") -> str:
    """An instant in full, in its own time zone: « vendredi 12 décembre 2026 à 9 h »."""
    joiner = " at " if normalise_language(locale) == "en" else " à "
    return f"{format_day(dt, locale)}{joiner}{format_time(dt, locale)}"


@dataclass(frozen=True)
class Instant:
    """Message parameter: an instant, written in full in the language of the format spec."""

    value: datetime

    def __format__(self, spec: str) -> str:
        return format_when(self.value, spec or "fr")


@dataclass(frozen=True)
class CalendarDay:
    """Message parameter: a date without its weekday (« 20 octobre 2026 »)."""

    value: date

    def __format__(self, spec: str) -> str:
        return format_date_only(self.value, spec or "fr")


@dataclass(frozen=True)
class WeekdayName:
    """Message parameter: a weekday (0 = Monday), named in the language of the format spec."""

    value: int

    def __format__(self, spec: str) -> str:
        return weekday_name(self.value, spec or "fr")


def month_name(month: int, locale: str = "fr") -> str:
    """Name of a month (1 = January): « février », "February"."""
    return _month_names(normalise_language(locale))[month]


def ordinal(nth: int, locale: str = "fr") -> str:
    """An ordinal as written before a weekday: « 1er », « 3e », « dernier »; "1st", "last"."""
    if normalise_language(locale) == "en":
        if nth == -1:
            return "last"
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(nth if nth < 20 else nth % 10, "th")
        return f"{nth}{suffix}"
    return "dernier" if nth == -1 else "1er" if nth == 1 else f"{nth}e"


@dataclass(frozen=True)
class MonthOfYear:
    """Message parameter: a month of a year (« février 2027 », "February 2027")."""

    year: int
    month: int

    def __format__(self, spec: str) -> str:
        return f"{month_name(self.month, spec or 'fr')} {self.year}"


@dataclass(frozen=True)
class Nth:
    """Message parameter: an ordinal (« 5e », "5th"; -1 is « dernier », "last")."""

    value: int

    def __format__(self, spec: str) -> str:
        return ordinal(self.value, spec or "fr")


@dataclass(frozen=True)
class TimeOfDay:
    """Message parameter: a wall-clock time (« 13 h 30 », "1:30 PM")."""

    hour: int
    minute: int

    def __format__(self, spec: str) -> str:
        return format_time(datetime(2000, 1, 1, self.hour, self.minute), spec or "fr")
