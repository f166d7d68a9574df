"""Natural dates, French first: « demain 10 h », « jeudi prochain à 9 h », « dans 2 semaines ».

``parse_when`` reads an instant to come (reminders, deadlines, meetings); ``parse_since`` reads
an instant in the past (« depuis lundi »). Both return an aware datetime in the requested zone
or raise ``WhenError`` with a friendly message that quotes what was not understood.
``parse_span`` reads a start and an optional end (« jeudi 13 h 30 à 16 h »); ``parse_series``
and ``parse_series_spans`` read a year of meetings (« le 3e jeudi de septembre, novembre et
juin », « chaque 2e mardi du mois jusqu'en juin »), with the grammar in ``bot.when_series``.
Ordinal weekdays (« le dernier vendredi du mois ») and « jeudi en huit » work everywhere.

Our own grammar (``bot.when_rules``) covers the usual French and English forms; dateparser is
only consulted for unusual spellings of a calendar date (« 3-nov-2026 ») and its answer is
re-checked by the same rules. Decisions, all shared by the two functions unless noted:

* A weekday is its earliest occurrence still ahead (``parse_when``: on Saturday at 10:00,
  « samedi 14h » is today, « samedi 9h » next week) or its latest occurrence not ahead
  (``parse_since``). « prochain » / "next" skips today; « dernier » / « passé » / "last" too.
* A date without a year that has gone by means next year (``parse_when``) or, still ahead,
  last year (``parse_since``); today's date with a time already gone is refused, not moved a year.
* Without a time, ``parse_when`` uses 09:00; « ce matin »/« demain matin » 09:00,
  « cet après-midi » 13:00, « ce soir » 19:00. ``parse_since`` uses the start of the period:
  00:00 for a day (and for « ce matin »), 12:00 for the afternoon, 17:00 for the evening,
  Monday 00:00 for « la semaine dernière », the 1st for « le mois dernier ».
* « minuit » closes the day it is attached to: « vendredi minuit » is Saturday 00:00.
* « à 10 » (no « h ») is read on the 24-hour clock for 8 to 23; « à 3 » is refused as ambiguous
  unless « du matin », « ce soir », "pm"… says which.
* Calendar arithmetic (« dans 2 jours », « dans 1 mois ») keeps the wall-clock time; hours and
  minutes are elapsed time. A wall time skipped by a spring-forward change is moved forward by
  the length of the gap (02:30 → 03:30); a repeated fall-back time is its first occurrence.
* Refused: instants on the wrong side of now, impossible dates and times, a weekday that
  contradicts the date, leftover words, more than five years ahead, more than 200 characters.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.i18n import t
from bot.when_format import (
    CalendarDay,
    Instant,
    MonthOfYear,
    Nth,
    TimeOfDay,
    WeekdayName,
    format_day,
    format_time,
    format_when,
)
from bot.when_rules import (
    Clock,
    Duration,
    Ordinal,
    Parts,
    Refusal,
    checked_date,
    extract,
    normalise,
    nth_weekday,
)
from bot.when_series import SeriesText, end_without_start, read_series, split_span
from bot.when_words import MONTHS, PERIOD_DEFAULT, PERIOD_HOURS, PERIOD_START

__all__ = [
    "WhenError",
    "format_day",
    "format_time",
    "format_when",
    "parse_series",
    "parse_series_spans",
    "parse_since",
    "parse_span",
    "parse_when",
]

MAX_LENGTH = 200
MAX_YEARS_AHEAD = 5
AHEAD, BEHIND = 1, -1


class WhenError(ValueError):
    """A date expression that was refused; ``key``/``params`` re-render it in any language."""

    def __init__(self, key: str, params: dict[str, object], locale: str = "fr") -> None:
        self.key = key
        self.params = params
        self.locale = locale
        super().__init__(self.render(locale))

    def render(self, locale: str) -> str:
        """The message in another language: ``error.render("en")``."""
        return t(locale, f"when.{self.key}", **self.params)


def parse_when(text: str, *, now: datetime, tz: str, locale: str = "fr") -> datetime:
    """The instant to come described by ``text``, strictly after ``now``, in zone ``tz``."""
    return _parse(text, now=now, tz=tz, locale=locale, direction=AHEAD)


def parse_since(text: str, *, now: datetime, tz: str, locale: str = "fr") -> datetime:
    """The past instant described by ``text`` (« depuis lundi »), at or before ``now``."""
    return _parse(text, now=now, tz=tz, locale=locale, direction=BEHIND)


def parse_span(
    text: str, *, now: datetime, tz: str, locale: str = "fr"
) -> tuple[datetime, datetime | None]:
    """A start to come and an optional end the same day: « jeudi 13 h 30 à 16 h ».

    Reads « de 9 h à midi demain », « le 12 déc. de 13h à 15h30 », « demain 9h-11h »,
    « 13 h 30 – 16 h », "Thursday 1:30pm to 4pm", "tomorrow 9-11am". The start follows the
    ``parse_when`` rules; the end is the same wall-clock day (« à minuit » is the next 00:00).
    Without an end, returns ``(start, None)``. Refused (``WhenError``): an end not after the
    start (``span_end_before_start``), an end without a start (``span_no_start``), and all
    that ``parse_when`` refuses.
    """
    return _with_zone(text, now, tz, locale, _interpret_span)


def parse_series_spans(
    text: str, *, now: datetime, tz: str, locale: str = "fr"
) -> list[tuple[datetime, datetime | None]]:
    """Every occurrence of a series, each with its end when a span is given.

    « le 3e jeudi de septembre, novembre, février, avril et juin de 13 h 30 à 16 h »,
    « chaque 2e mardi du mois à 9 h jusqu'en juin », « tous les mardis à 10 h pendant
    4 semaines », « le premier lundi de chaque mois à 19 h (6 fois) », « un mardi sur deux »,
    « le 15 de chaque mois », « les 12 septembre, 14 novembre et 20 février »; in English
    "every second Tuesday at 9am until June", "the third Thursday of September and March".

    Occurrences are after ``now``, sorted, unique, at the asked wall-clock time in ``tz``
    (across DST changes). A listed month without a year is its next occurrence; without an
    end (« jusqu'en », « pendant », « (6 fois) ») a repeating series covers the next 12
    months from its start. Refused: more than ``MAX_OCCURRENCES`` (``series_too_many``), a
    month without that weekday or day (``no_such_weekday``, ``no_such_day``), a listed
    occurrence already past (``past``), none at all (``series_empty``), two ends
    (``conflict``), leftover words, text that is no series (``series_not_understood``).
    """
    return _with_zone(text, now, tz, locale, _interpret_series)


def parse_series(text: str, *, now: datetime, tz: str, locale: str = "fr") -> list[datetime]:
    """The starts of every occurrence of a series; see ``parse_series_spans`` for the rules."""
    return [start for start, _ in parse_series_spans(text, now=now, tz=tz, locale=locale)]


def _with_zone(text: str, now: datetime, tz: str, locale: str, interpret: Callable) -> Any:
    zone = ZoneInfo(tz)
    local_now = (now if now.tzinfo else now.replace(tzinfo=zone)).astimezone(zone)
    try:
        return interpret(text, local_now)
    except Refusal as refusal:
        params = {name: _as_typed(text, value) for name, value in refusal.params.items()}
        raise WhenError(refusal.key, {"text": _quote(text), **params}, locale) from None


# --- driver -----------------------------------------------------------------------------------


def _parse(text: str, *, now: datetime, tz: str, locale: str, direction: int) -> datetime:
    zone = ZoneInfo(tz)
    local_now = (now if now.tzinfo else now.replace(tzinfo=zone)).astimezone(zone)
    quoted = _quote(text)
    try:
        result = _interpret(text, local_now, direction)
    except Refusal as refusal:
        key = refusal.key
        if direction == BEHIND and key in ("empty", "not_understood", "leftover"):
            key = f"since_{key}"
        params = {name: _as_typed(text, value) for name, value in refusal.params.items()}
        raise WhenError(key, {"text": quoted, **params}, locale) from None
    return result


def _as_typed(text: str, value: object) -> object:
    """Quote a recognised fragment (« 30 fevrier ») as the user typed it (« 30 février »)."""
    if not isinstance(value, str) or not value.strip():
        return value
    whole = _find_typed(text, value)
    if whole is not None:
        return whole
    return " ".join(_find_typed(text, word) or word for word in value.split())


def _find_typed(text: str, value: str) -> str | None:
    """The span of ``text`` whose normalised form is ``value``, if there is one."""
    folded = [
        unicodedata.normalize("NFKD", char.replace("œ", "oe").replace("Œ", "oe")) for char in text
    ]
    letters = "".join(
        "".join(c for c in piece if not unicodedata.combining(c)).lower() for piece in folded
    )
    starts = [0]
    for piece in folded:
        starts.append(starts[-1] + len("".join(c for c in piece if not unicodedata.combining(c))))
    pattern = r"[\s,«»\"!?;()]+".join(re.escape(word) for word in value.split())
    found = re.search(pattern, letters)
    if found is None or found.start() not in starts or found.end() not in starts:
        return None
    return text[starts.index(found.start()) : starts.index(found.end())]


def _quote(text: str) -> str:
    """The user's words as we quote them back (shortened when very long)."""
    clean = " ".join(text.split())
    return clean if len(clean) <= 60 else clean[:57] + "…"


def _interpret(text: str, now: datetime, direction: int) -> datetime:
    if len(text) > MAX_LENGTH:
        raise Refusal("too_long", length=len(text), limit=MAX_LENGTH)
    normalised = normalise(text)
    if direction == BEHIND:
        normalised = re.sub(r"^(?:depuis|since|a partir d[eu']|from|starting)\s*", "", normalised)
    if not normalised:
        raise Refusal("empty")
    parts = extract(normalised)
    if parts.leftover:
        _rescue_leftover(parts)
    if not parts.anything():
        raise Refusal("not_understood")
    try:
        result = _resolve(parts, now, direction)
    except (OverflowError, ValueError):  # beyond the calendar (year 10000…)
        raise Refusal("too_far", years=MAX_YEARS_AHEAD) from None
    _check_side(result, now, direction)
    return result


def _rescue_leftover(parts: Parts) -> None:
    """Give unusual date spellings to dateparser; refuse whatever it cannot read as a date."""
    fragment = " ".join(parts.leftover)
    found = _dateparser_date(fragment)
    if found is None:
        if parts.anything():
            raise Refusal("leftover", words=fragment)
        raise Refusal("not_understood")
    parts.dates.append((*found, fragment))
    parts.leftover = []


@cache
def _date_parser() -> object:
    """One dateparser instance, built and warmed once (its first call is slow)."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["fr", "en"],
        settings={
            "REQUIRE_PARTS": ["day", "month"],
            "DATE_ORDER": "DMY",
            "RELATIVE_BASE": datetime(2000, 1, 1),
        },
    )
    parser.get_date_data("1 janvier 2000")
    return parser


def warm_up() -> None:
    """Build the dateparser fallback ahead of the first request."""
    _date_parser()


def _dateparser_date(fragment: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) when dateparser reads ``fragment`` as a plain calendar date."""
    named_months = {MONTHS[word] for word in re.findall(r"[a-z]+", fragment) if word in MONTHS}
    if len(named_months) != 1 or not re.search(r"\d", fragment) or len(fragment) > 40:
        return None  # numbers alone stay ours: DD/MM only, never a guessed order
    data = _date_parser().get_date_data(fragment)  # type: ignore[attr-defined]
    found = data.date_obj
    if found is None or not {"day", "month"} <= set(data.parts or ()) or found.time() != time():
        return None
    if found.month not in named_months:
        return None
    has_year = re.search(r"(?<!\d)\d{4}(?!\d)", fragment) is not None
    return found.day, found.month, found.year if has_year else None


def _check_side(result: datetime, now: datetime, direction: int) -> None:
    if direction == AHEAD and result <= now:
        raise Refusal("past", when=Instant(result))
    if direction == BEHIND and result > now:
        raise Refusal("future", when=Instant(result))
    if direction == AHEAD and result > _add_years(now, MAX_YEARS_AHEAD):
        raise Refusal("too_far", years=MAX_YEARS_AHEAD)


# --- resolution -------------------------------------------------------------------------------


def _resolve(parts: Parts, now: datetime, direction: int) -> datetime:
    _refuse_duplicates(parts)
    clock = _resolve_clock(parts, direction)
    if parts.durations:
        return _resolve_duration(parts, parts.durations[0], clock, now, direction)
    if clock is None:
        hour, minute = (9, 0) if direction == AHEAD else (0, 0)
        clock = Clock(hour, minute, "")
    candidates = [_at(day, clock, now.tzinfo) for day in _candidate_days(parts, now, direction)]
    for candidate in candidates:
        if (candidate > now) if direction == AHEAD else (candidate <= now):
            return candidate
    return candidates[0]


def _refuse_duplicates(parts: Parts) -> None:
    """Two dates, two times, a duration beside a date…: refuse rather than pick one."""
    sources = [
        *(d[3] for d in parts.dates),
        *(d[1] for d in parts.days_of_month),
        *(o[1] for o in parts.offsets),
        *(d.source for d in parts.durations),
        *(o.source for o in parts.ordinals),
    ]
    groups: list[list[str]] = [
        sources,
        [c.source for c in parts.clocks],
        [w[2] for w in parts.weekdays],
        [s[2] for s in parts.shifts],
        [p[1] for p in parts.periods if p[1] not in sources],
    ]
    if parts.dates and parts.days_of_month:
        groups.append([parts.dates[0][3], parts.days_of_month[0][1]])
    if parts.durations:
        groups.append(
            [
                parts.durations[0].source,
                *(w[2] for w in parts.weekdays),
                *(s[2] for s in parts.shifts),
            ]
        )
    for group in groups:
        if len(group) > 1:
            raise Refusal("conflict", first=group[0], second=group[1])


def _resolve_clock(parts: Parts, direction: int) -> Clock | None:
    """The time of day, with « du soir », "pm" or « ce soir » applied; None if none given."""
    periods = {period for period, _ in parts.periods}
    if len(periods) > 1:
        first, second = parts.periods[0][1], parts.periods[1][1]
        raise Refusal("conflict", first=first, second=second)
    period = next(iter(periods), None)
    if not parts.clocks:
        if period is None:
            return None
        hour, minute = (PERIOD_DEFAULT if direction == AHEAD else PERIOD_START)[period]
        return Clock(hour, minute, "")
    clock = parts.clocks[0]
    if clock.end_of_day:
        return clock
    hour = _hour_in_period(clock, clock.period or period)
    return Clock(hour, clock.minute, clock.source)


def _hour_in_period(clock: Clock, period: str | None) -> int:
    """24-hour value of a clock, using am/pm or the part of the day to place 1–12."""
    hour = clock.hour
    if clock.meridiem:
        hour = hour % 12 + (12 if clock.meridiem == "p" else 0)
        choices = [hour]
    elif period is not None:
        choices = [hour, hour + 12] if hour < 12 else [hour]
    else:
        if clock.bare and hour < 8:
            raise Refusal("ambiguous_hour", hour=hour, pm_hour=hour + 12)
        return hour
    if period is None:
        return hour
    for choice in choices:
        if choice in PERIOD_HOURS[period]:
            return choice
    raise Refusal("period_conflict", time=clock.source)


def _candidate_days(parts: Parts, now: datetime, direction: int) -> list[date]:
    """Days that could be meant, best first; the caller keeps the first on the right side."""
    today = now.date()
    shifts = {unit: shift for unit, shift, _ in parts.shifts}
    if parts.dates:
        days = [_explicit_date(parts.dates[0], today, shifts, direction)]
    elif parts.days_of_month:
        days = [_day_of_month(parts.days_of_month[0], today, shifts, direction)]
    elif parts.offsets:
        days = [today + timedelta(days=parts.offsets[0][0])]
    elif parts.ordinals:
        if shifts:
            raise Refusal("conflict", first=parts.ordinals[0].source, second=parts.shifts[0][2])
        days = [ordinal_day(parts.ordinals[0], today, direction)]
    elif parts.weekdays:
        return _weekday_days(parts.weekdays[0], today, shifts, direction)
    elif shifts:
        return [_start_of_shifted_period(today, shifts)]
    else:
        return [today, today + timedelta(days=direction)]
    if parts.weekdays:
        _check_weekday(days[0], parts.weekdays[0][0])
    if "week" in shifts and (parts.dates or parts.offsets):
        raise Refusal("conflict", first=parts.shifts[0][2], second=_day_source(parts))
    return days


def _day_source(parts: Parts) -> str:
    return (parts.dates or parts.offsets)[0][-1]  # type: ignore[return-value]


def _explicit_date(found: tuple, today: date, shifts: dict[str, int], direction: int) -> date:
    day, month, year, source = found
    if year is not None:
        if shifts:
            raise Refusal("conflict", first=source, second=next(iter(shifts)))
        return date(year, month, day)
    if "year" in shifts:
        checked_date(day, month, today.year + shifts["year"], source)
        return date(today.year + shifts["year"], month, day)
    if shifts:
        raise Refusal("conflict", first=source, second=next(iter(shifts)))
    for offset in range(0, 9):
        candidate_year = today.year + offset * direction
        if day <= calendar.monthrange(candidate_year, month)[1]:
            candidate = date(candidate_year, month, day)
            if (candidate >= today) if direction == AHEAD else (candidate <= today):
                return candidate
    raise Refusal("bad_date", date=source)


def _day_of_month(found: tuple, today: date, shifts: dict[str, int], direction: int) -> date:
    """« le 15 »: this month if still to come (or gone, for since), otherwise the next one."""
    day, source = found
    if "month" in shifts:
        year, month = _shift_month(today.year, today.month, shifts["month"])
        checked_date(day, month, year, source)
        return date(year, month, day)
    for offset in range(0, 13):
        year, month = _shift_month(today.year, today.month, offset * direction)
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if (candidate >= today) if direction == AHEAD else (candidate <= today):
                return candidate
    raise Refusal("bad_date", date=source)


def _weekday_days(found: tuple, today: date, shifts: dict[str, int], direction: int) -> list[date]:
    weekday, mode, _ = found
    if "week" in shifts:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shifts["week"])
        return [monday + timedelta(days=weekday)]
    if mode in ("in1", "in2"):  # « jeudi en huit »: the coming Thursday (today included) + 7
        weeks = 7 * int(mode[2])
        return [today + timedelta(days=step + weeks) for step in range(7)
                if (today + timedelta(days=step)).weekday() == weekday]  # fmt: skip
    if mode == "any":
        steps: Iterable[int] = range(0, 8 * direction, direction)
    elif mode == "next":
        steps = range(1, 8)
    else:
        steps = range(-1, -8, -1)
    return [
        today + timedelta(days=step)
        for step in steps
        if (today + timedelta(days=step)).weekday() == weekday
    ]


def ordinal_day(found: Ordinal, today: date, direction: int = AHEAD) -> date:
    """The day of « le 3e jeudi de mars » / « le dernier vendredi du mois » seen from ``today``.

    A named month without a year is this year's if its occurrence is still ahead (``AHEAD``;
    not ahead for ``BEHIND``), else the next (previous) year's; « du mois » is this month's,
    else the next (previous) month's. A month without that weekday is refused, not skipped.
    """
    if found.year is not None:
        return _nth_or_refuse(found, found.year, found.month or 1)
    if found.shift is not None:
        return _nth_or_refuse(found, *_shift_month(today.year, today.month, found.shift))
    if found.month is not None:
        year, month = today.year, found.month
        if (month - today.month) * direction < 0:
            year += direction
    else:
        year, month = today.year, today.month
    day = _nth_or_refuse(found, year, month)
    if (day - today).days * direction < 0:
        if found.month is not None:
            year += direction
        else:
            year, month = _shift_month(year, month, direction)
        day = _nth_or_refuse(found, year, month)
    return day


def _nth_or_refuse(found: Ordinal, year: int, month: int) -> date:
    day = nth_weekday(year, month, found.weekday, found.nth)
    if day is None:
        count = sum(1 for n in range(1, 6) if nth_weekday(year, month, found.weekday, n))
        raise Refusal(
            "no_such_weekday",
            nth=Nth(found.nth),
            weekday=WeekdayName(found.weekday),
            month=MonthOfYear(year, month),
            count=count,
            last=Nth(count),
        )
    return day


def _check_weekday(day: date, weekday: int) -> None:
    if day.weekday() != weekday:
        raise Refusal(
            "weekday_mismatch",
            date=CalendarDay(day),
            actual=WeekdayName(day.weekday()),
            given=WeekdayName(weekday),
        )


def _start_of_shifted_period(today: date, shifts: dict[str, int]) -> date:
    if "week" in shifts:
        return today - timedelta(days=today.weekday()) + timedelta(weeks=shifts["week"])
    if "month" in shifts:
        year, month = _shift_month(today.year, today.month, shifts["month"])
        return date(year, month, 1)
    return date(today.year + shifts["year"], 1, 1)


def _resolve_duration(
    parts: Parts, duration: Duration, clock: Clock | None, now: datetime, direction: int
) -> datetime:
    """« dans 2 semaines à 14 h »: calendar units keep the wall clock, hours are elapsed time."""
    sign = duration.direction or direction
    if clock is not None and duration.seconds:
        raise Refusal("duration_with_time")
    if clock is not None and not (duration.days or duration.months or duration.years):
        raise Refusal("duration_with_time")
    try:
        year, month = _shift_month(
            now.year, now.month, sign * (duration.years * 12 + duration.months)
        )
        day = min(now.day, calendar.monthrange(year, month)[1])
        target = date(year, month, day) + timedelta(days=sign * duration.days)
        wall = clock or Clock(now.hour, now.minute, "")
        result = _at(target, wall, now.tzinfo, second=0 if clock else now.second)
        return (result.astimezone(UTC) + sign * timedelta(seconds=duration.seconds)).astimezone(
            now.tzinfo
        )
    except (OverflowError, ValueError):
        raise Refusal("too_far", years=MAX_YEARS_AHEAD) from None


# --- calendar helpers -------------------------------------------------------------------------


def _at(day: date, clock: Clock, zone: object, second: int = 0) -> datetime:
    """Wall-clock time in ``zone``; skipped times move forward, repeated ones take the first."""
    if clock.end_of_day:
        day, hour, minute = day + timedelta(days=1), 0, 0
    else:
        hour, minute = clock.hour, clock.minute
    wall = datetime.combine(day, time(hour, minute, second), tzinfo=zone)  # type: ignore[arg-type]
    return wall.astimezone(UTC).astimezone(wall.tzinfo)


def _shift_month(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


# --- spans and series -------------------------------------------------------------------------

MAX_OCCURRENCES = 24
SERIES_MONTHS = 12


def _checked_text(text: str) -> str:
    if len(text) > MAX_LENGTH:
        raise Refusal("too_long", length=len(text), limit=MAX_LENGTH)
    normalised = normalise(text)
    if not normalised:
        raise Refusal("empty")
    return normalised


def _interpret_span(text: str, now: datetime) -> tuple[datetime, datetime | None]:
    normalised = _checked_text(text)
    split = split_span(normalised)
    if split is None:
        alone = end_without_start(normalised)
        if alone is not None:
            raise Refusal("span_no_start", end=alone)
        return _interpret(text, now, AHEAD), None
    start = _interpret(split.start, now, AHEAD)
    start_clock = Clock(start.hour, start.minute, "")
    end_clock = _end_clock(split.end, extract(normalise(split.start)).periods)
    end = _at(start.date(), end_clock, now.tzinfo)
    if end <= start:
        _refuse_end(start_clock, end_clock)
    return start, end


def _end_clock(end_text: str, periods: list[tuple[str, str]]) -> Clock:
    """The time of the end of a span, read with the start's « du soir », "pm"…"""
    parts = extract(end_text)
    if len(parts.clocks) != 1 or parts.leftover:
        raise Refusal("not_understood")
    parts.periods = parts.periods or periods
    clock = _resolve_clock(parts, AHEAD)
    assert clock is not None
    return clock


def _refuse_end(start: Clock, end: Clock) -> None:
    end_hour, end_minute = (24, 0) if end.end_of_day else (end.hour, end.minute)
    if (end_hour, end_minute) <= (start.hour, start.minute):
        raise Refusal(
            "span_end_before_start",
            start=TimeOfDay(start.hour, start.minute),
            end=TimeOfDay(end_hour % 24, end_minute),
        )


def _interpret_series(text: str, now: datetime) -> list[tuple[datetime, datetime | None]]:
    normalised = _checked_text(text)
    series = read_series(normalised)
    if series is None:
        raise Refusal("series_not_understood")
    start_clock, end_clock = _series_clock(series)
    ends = [e for e in (series.until, series.count, series.during) if e is not None]
    if len(ends) > 1 or (ends and series.kind == "dates") or (ends and series.months):
        sources = [
            *(x.source for x in (series.until,) if x),
            *([f"{series.count}"] if series.count else []),
            *([series.during[2]] if series.during else []),
        ]
        raise Refusal("conflict", first=series.source if len(ends) == 1 else sources[0],
                      second=sources[-1])  # fmt: skip
    if series.count is not None and series.count > MAX_OCCURRENCES:
        raise Refusal("series_too_many", count=series.count, limit=MAX_OCCURRENCES)
    if series.count == 0:
        raise Refusal("series_empty")
    zone = now.tzinfo
    try:
        if series.kind == "dates" or series.months:
            starts = _listed_starts(series, start_clock, now)
        else:
            starts = _repeated_starts(series, start_clock, now)
    except (OverflowError, ValueError):
        raise Refusal("too_far", years=MAX_YEARS_AHEAD) from None
    starts = sorted(set(starts))
    if not starts:
        raise Refusal("series_empty")
    if len(starts) > MAX_OCCURRENCES:
        raise Refusal("series_too_many", count=len(starts), limit=MAX_OCCURRENCES)
    if starts[-1] > _add_years(now, MAX_YEARS_AHEAD):
        raise Refusal("too_far", years=MAX_YEARS_AHEAD)
    pairs: list[tuple[datetime, datetime | None]] = []
    for start in starts:
        end = _at(start.date(), end_clock, zone) if end_clock else None
        if end is not None and end <= start:
            _refuse_end(Clock(start.hour, start.minute, ""), end_clock)  # type: ignore[arg-type]
            raise Refusal("span_end_before_start", start=TimeOfDay(start.hour, start.minute),
                          end=TimeOfDay(end.hour, end.minute))  # fmt: skip
        pairs.append((start, end))
    return pairs


def _series_clock(series: SeriesText) -> tuple[Clock, Clock | None]:
    """The time of day of every occurrence (09:00 when none is given) and the optional end."""
    split = split_span(series.time) if series.time else None
    start_text = split.start if split else series.time
    if split is None and series.time:
        alone = end_without_start(series.time)
        if alone is not None:
            raise Refusal("span_no_start", end=alone)
    parts = extract(start_text)
    if parts.leftover:
        raise Refusal("leftover", words=" ".join(parts.leftover))
    others = [
        *(d[3] for d in parts.dates),
        *(d[1] for d in parts.days_of_month),
        *(o[1] for o in parts.offsets),
        *(w[2] for w in parts.weekdays),
        *(s[2] for s in parts.shifts),
        *(d.source for d in parts.durations),
        *(o.source for o in parts.ordinals),
    ]
    if others:
        raise Refusal("conflict", first=series.source, second=others[0])
    if len(parts.clocks) > 1:
        raise Refusal("conflict", first=parts.clocks[0].source, second=parts.clocks[1].source)
    start = _resolve_clock(parts, AHEAD) or Clock(9, 0, "")
    if start.end_of_day:
        start = Clock(0, 0, start.source)
    if split is None:
        return start, None
    end = _end_clock(split.end, parts.periods)
    _refuse_end(start, end)
    return start, end


def _listed_starts(series: SeriesText, clock: Clock, now: datetime) -> list[datetime]:
    """« le 3e jeudi de septembre et de mars », « les 12 sept. et 14 nov. »: each must be ahead."""
    today = now.date()
    if series.kind == "dates":
        days = [_explicit_date((d, m, y, series.source), today, {}, AHEAD)
                for d, m, y in series.dates]  # fmt: skip
    else:
        days = [
            ordinal_day(Ordinal(series.nth, series.weekdays[0], series.source, month, year), today)
            for month, year in series.months
        ]
    starts = [_at(day, clock, now.tzinfo) for day in days]
    for start in starts:
        if start <= now:
            raise Refusal("past", when=Instant(start))
    return starts


def _month_limit(limit: object, after: date, last_day: bool) -> date:
    """A « jusqu'en juin » / « à partir du 15 septembre » limit as a day, on or after ``after``."""
    month, day, year = limit.month, limit.day, limit.year  # type: ignore[attr-defined]
    if year is None:
        year = after.year
        probe = day or (calendar.monthrange(year, month)[1] if last_day else 1)
        if date(year, month, min(probe, calendar.monthrange(year, month)[1])) < after:
            year += 1
    if day is None:
        day = calendar.monthrange(year, month)[1] if last_day else 1
    checked_date(day, month, year, limit.source)  # type: ignore[attr-defined]
    return date(year, month, day)


def _repeated_starts(series: SeriesText, clock: Clock, now: datetime) -> list[datetime]:
    """Occurrences of a repeating series, from its start to its end (12 months by default)."""
    today = now.date()
    first = _month_limit(series.since, today, last_day=False) if series.since else today
    last: date | None = None
    if series.month_range:
        (m1, y1), (m2, y2) = series.month_range
        last = _month_limit(_RangeEnd(m2, y2), today, last_day=True)
        start_year = last.year if (m1, 0) <= (last.month, 0) else last.year - 1
        first = max(today, date(y1 or start_year, m1, 1))
    if series.until:
        last = _month_limit(series.until, first, last_day=True)
    during = series.during
    if last is None and during is None and series.count is None:
        year, month = _shift_month(first.year, first.month, SERIES_MONTHS)
        last = date(year, month, min(first.day, calendar.monthrange(year, month)[1]))
        last -= timedelta(days=1)
    if last is None:
        last = date(first.year + MAX_YEARS_AHEAD, first.month, 1)
    if series.interval > 1:  # every other week counts from the first occurrence still ahead
        first += timedelta(days=(series.weekdays[0] - first.weekday()) % 7)
        if _at(first, clock, now.tzinfo) <= now:
            first += timedelta(days=1)
    starts: list[datetime] = []
    days = iter(_series_days(series, first, last))
    for day in days:
        start = _at(day, clock, now.tzinfo)
        if start <= now:
            continue
        if during is not None and starts and not _within(starts[0], start, during):
            break
        starts.append(start)
        if series.count is not None and len(starts) == series.count:
            break
        if len(starts) > MAX_OCCURRENCES and during is None:  # too many: only count the rest
            extra = sum(1 for _ in days)
            raise Refusal("series_too_many", count=len(starts) + extra, limit=MAX_OCCURRENCES)
        if len(starts) > 400:
            break
    return starts


@dataclass(frozen=True)
class _RangeEnd:
    month: int
    year: int | None
    day: None = None
    source: str = ""


def _within(first: datetime, start: datetime, during: tuple[int, str, str]) -> bool:
    """« pendant 4 semaines » counts from the first occurrence: 4 weekly, 3 monthly in 3 months."""
    amount, unit, _ = during
    if unit in ("day", "week"):
        return (start.date() - first.date()).days < amount * (7 if unit == "week" else 1)
    months = amount * (12 if unit == "year" else 1)
    return (start.year - first.year) * 12 + start.month - first.month < months


def _series_days(series: SeriesText, first: date, last: date) -> Iterable[date]:
    """Candidate days from ``first`` to ``last`` included, in order."""
    if series.kind in ("nth", "month_day"):
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            if series.kind == "nth":
                found = Ordinal(series.nth, series.weekdays[0], series.source, month, year)
                day = _nth_or_refuse(found, year, month)
            else:
                if series.day > calendar.monthrange(year, month)[1]:
                    raise Refusal("no_such_day", day=series.day, month=MonthOfYear(year, month))
                day = date(year, month, series.day)
            if first <= day <= last:
                yield day
            year, month = _shift_month(year, month, 1)
        return
    day = first
    if series.interval > 1:
        while day.weekday() != series.weekdays[0]:
            day += timedelta(days=1)
    while day <= last:
        if series.kind == "daily" or day.weekday() in series.weekdays:
            yield day
        day += timedelta(days=7 * series.interval if series.interval > 1 else 1)
