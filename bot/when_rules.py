"""Grammar of the date parser: normalisation, vocabulary and extraction of an expression's parts.

``extract`` turns « mardi 20 octobre à 13 h 30 » into a ``Parts`` record (a date, a weekday,
a clock time…). Each rule consumes the words it understands; what is left must be filler
words (« le », « à », "at"…), otherwise the caller refuses the expression. Resolving the
parts against "now" is done in ``bot.when``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.patterns import LazyPattern
from bot.when_words import (
    DAY_WORDS,
    FILLERS,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PERIOD_WORDS,
    SUB_DAY_UNITS,
    UNITS,
    WEEKDAYS,
)


class Refusal(Exception):
    """An expression that is understood well enough to know it is wrong (« 31 février »)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _alternation(words: object) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


WD = _alternation(WEEKDAYS)
MON = _alternation(MONTHS)
ORD = _alternation(ORDINALS)
NUM = rf"(?:\d+(?:[.,]\d+)?|{_alternation(NUMBER_WORDS)})"
UNIT = rf"(?:{_alternation(u for u in UNITS if u != 'h')}|h(?![a-z]))"
B = r"(?<![\w'])"  # word start
E = r"(?![\w])"  # word end

# --- normalisation ----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, accents removed, apostrophes and spaces unified: « À 9 H » → "a 9 h"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "oe"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    plain = re.sub(r"[’‘`´]", "'", plain)
    plain = re.sub(r"[–—]", "-", plain)
    plain = re.sub(r"[«»\"!?;()]", " ", plain)
    plain = re.sub(r"(?<!\d),|,(?!\d)", " ", plain)
    plain = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", plain)
    plain = re.sub(r"\s+", " ", plain).strip()
    return re.sub(r"(?<![ap]\.[m])\.$", "", plain).strip()


def to_number(word: str) -> float:
    """« deux » → 2, "1,5" → 1.5."""
    word = word.strip()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return float(word.replace(",", ".")) if re.search(r"[.,]", word) else int(word)


# --- parts ------------------------------------------------------------------------------------


@dataclass
class Clock:
    """A time of day as written; ``bare`` for « à 10 » (no h, no am/pm)."""

    hour: int
    minute: int
    source: str
    meridiem: str | None = None
    period: str | None = None
    bare: bool = False
    end_of_day: bool = False


@dataclass
class Duration:
    """« dans 2 semaines et 3 jours »: calendar parts and elapsed seconds; sign in ``direction``."""

    source: str
    direction: int  # +1 ahead, -1 ago, 0 unspecified (bare "2 semaines")
    years: int = 0
    months: int = 0
    days: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Ordinal:
    """« le 3e jeudi de mars »: ``nth`` (1 to 5, -1 for the last) ``weekday`` of a month.

    ``month``/``year`` name the month; otherwise ``shift`` says which one: 0 this month only
    (« de ce mois »), 1 next month (« du mois prochain »), None this month if still ahead,
    else the next (« du mois »).
    """

    nth: int
    weekday: int
    source: str
    month: int | None = None
    year: int | None = None
    shift: int | None = None


@dataclass
class Parts:
    """Everything recognised in one expression; lists so that duplicates can be refused."""

    dates: list[tuple[int, int, int | None, str]] = field(default_factory=list)
    days_of_month: list[tuple[int, str]] = field(default_factory=list)
    offsets: list[tuple[int, str]] = field(default_factory=list)
    weekdays: list[tuple[int, str, str]] = field(default_factory=list)  # weekday, mode, source
    shifts: list[tuple[str, int, str]] = field(default_factory=list)  # week|month|year, shift
    clocks: list[Clock] = field(default_factory=list)
    periods: list[tuple[str, str]] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    ordinals: list[Ordinal] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)

    def anything(self) -> bool:
        """True when at least one part was recognised."""
        return any(
            (
                self.dates,
                self.days_of_month,
                self.offsets,
                self.weekdays,
                self.shifts,
                self.clocks,
                self.periods,
                self.durations,
                self.ordinals,
            )
        )


# --- rules ------------------------------------------------------------------------------------

Handler = Callable[[re.Match[str], Parts], bool]
RULES: list[tuple[LazyPattern, Handler]] = []


def rule(pattern: str) -> Callable[[Handler], Handler]:
    """Register a handler for a pattern; rules run in the order they are declared."""

    def register(handler: Handler) -> Handler:
        RULES.append((LazyPattern(pattern), handler))
        return handler

    return register


def checked_date(day: int, month: int, year: int | None, source: str) -> tuple[int, int, int]:
    """Refuse « 31 février »; without a year, 29 February is accepted (a leap year will come)."""
    probe_year = 2028 if year is None else year
    if not (1 <= probe_year <= 9999 and 1 <= month <= 12):
        raise Refusal("bad_date", date=source)
    if not 1 <= day <= calendar.monthrange(probe_year, month)[1]:
        raise Refusal("bad_date", date=source)
    return day, month, probe_year


def add_date(parts: Parts, day: int, month: int, year: int | None, source: str) -> None:
    """Record an explicit calendar date after checking that it exists."""
    checked_date(day, month, year, source)
    parts.dates.append((day, month, year, source))


def full_year(text: str | None) -> int | None:
    """ "26" → 2026, "2026" → 2026."""
    if text is None:
        return None
    return 2000 + int(text) if len(text) == 2 else int(text)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The ``nth`` ``weekday`` (0 = Monday) of a month, -1 for the last; None if there is none."""
    if nth == -1:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    found = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return found if found.month == month else None


# The month an ordinal weekday belongs to: « de février 2027 », « du mois (prochain) »…
MONTH_OF = (
    rf"(?:(?:de|du|of|in)\s+|d')(?:(?P<mo>{MON})\.?(?:\s+(?P<y>\d{{4}})(?![\w:]))?"
    rf"|(?P<this>ce\s+mois(?:[- ]ci)?|this\s+month)"
    rf"|(?P<next>mois\s+(?:prochain|suivant)|next\s+month|the\s+following\s+month)"
    rf"|(?P<any>mois|the\s+month))"
)


@rule(rf"{B}(?:(?:le|la|the|on\s+the)\s+)?(?P<ord>{ORD})\s+(?P<wd>{WD})\.?\s+{MONTH_OF}{E}")
def _ordinal_weekday(match: re.Match[str], parts: Parts) -> bool:
    shift = 0 if match["this"] else 1 if match["next"] else None
    parts.ordinals.append(
        Ordinal(
            nth=ORDINALS[match["ord"]],
            weekday=WEEKDAYS[match["wd"]],
            source=match[0].strip(),
            month=MONTHS[match["mo"]] if match["mo"] else None,
            year=int(match["y"]) if match["y"] else None,
            shift=shift,
        )
    )
    return True


@rule(
    rf"{B}(?:(?P<wd>{WD}|aujourd'hui|aujourd hui|demain)\s+en\s+(?P<n>huit|quinze)"
    rf"|(?P<en>a|one|two)\s+weeks?\s+from\s+(?P<wd2>{WD}|today|tomorrow)){E}"
)
def _week_after(match: re.Match[str], parts: Parts) -> bool:
    """« jeudi en huit » (the Thursday after next), « demain en quinze », "a week from Friday"."""
    weeks = 2 if match["n"] == "quinze" or match["en"] == "two" else 1
    word = match["wd"] or match["wd2"]
    if word in WEEKDAYS:
        parts.weekdays.append((WEEKDAYS[word], f"in{weeks}", match[0].strip()))
    else:
        base = 1 if word in ("demain", "tomorrow") else 0
        parts.offsets.append((base + 7 * weeks, match[0].strip()))
    return True


@rule(r"(?<![\w/.:-])(?P<y>\d{4})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\w/.-])")
def _iso_date(match: re.Match[str], parts: Parts) -> bool:
    add_date(parts, int(match["d"]), int(match["mo"]), int(match["y"]), match[0])
    return True


@rule(
    r"(?<![\w/.:-])(?P<d>\d{1,2})/(?P<mo>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\w/])"
    r"|(?<![\w/.:-])(?P<d2>\d{1,2})[.-](?P<mo2>\d{1,2})[.-](?P<y2>\d{4})(?![\w/.-])"
)
def _numeric_date(match: re.Match[str], parts: Parts) -> bool:
    day, month = match["d"] or match["d2"], match["mo"] or match["mo2"]
    add_date(parts, int(day), int(month), full_year(match["y"] or match["y2"]), match[0])
    return True


_PART = (
    rf"(?:{NUM}\s*(?:h|heures?)\s*\d{{2}}(?:\s*(?:minutes?|min|mn))?"
    rf"|(?:une\s+|a\s+)?demi[- ]?heure|half\s+an\s+hour|(?:un\s+|a\s+)?quart\s+d'heure"
    rf"|{NUM}\s*{UNIT}(?:\s+(?:et\s+demie?|and\s+a\s+half|et\s+quart))?)"
)
_DURATION = rf"{_PART}(?:\s*(?:,|et|and)\s*{_PART}|\s*{NUM}\s*(?:minutes?|min|mn))*"
_PART_PARSER = LazyPattern(
    rf"(?P<hm>(?P<hn>{NUM})\s*(?:h|heures?)\s*(?P<hmm>\d{{2}}))"
    rf"|(?P<half>demi[- ]?heure|half\s+an\s+hour)|(?P<quarter>quart\s+d'heure)"
    rf"|(?P<n>{NUM})\s*(?P<u>{UNIT})(?:\s+(?P<frac>et\s+demie?|and\s+a\s+half|et\s+quart))?"
)


def parse_duration(source: str, direction: int) -> Duration:
    """« 2 semaines et 3 jours », "1 h 30", « une heure et demie » → Duration."""
    duration = Duration(source=source, direction=direction)
    for piece in _PART_PARSER.finditer(source):
        if piece["hm"]:
            duration.seconds += to_number(piece["hn"]) * 3600 + int(piece["hmm"]) * 60
        elif piece["half"] or piece["quarter"]:
            duration.seconds += 1800 if piece["half"] else 900
        else:
            add_amount(duration, to_number(piece["n"]), UNITS[piece["u"]], piece["frac"])
    return duration


def add_amount(duration: Duration, amount: float, unit: str, fraction: str | None) -> None:
    """Add « 3 jours » or « 1,5 heure » to a duration; fractions only for hours and minutes."""
    if fraction:
        amount += 0.25 if "quart" in fraction else 0.5
    if amount != int(amount) and unit not in SUB_DAY_UNITS:
        raise Refusal("not_understood")
    if unit in SUB_DAY_UNITS:
        duration.seconds += amount * (3600 if unit == "hour" else 60)
    elif unit == "day":
        duration.days += int(amount)
    elif unit == "week":
        duration.days += 7 * int(amount)
    elif unit == "month":
        duration.months += int(amount)
    else:
        duration.years += int(amount)


@rule(rf"{B}(?:il y a|ca fait)\s+(?P<dur>{_DURATION}){E}")
def _ago_french(match: re.Match[str], parts: Parts) -> bool:
    parts.durations.append(parse_duration(match["dur"], -1))
    return True


@rule(
    rf"{B}(?:(?P<ahead>dans|in|within|d'ici)\s+)?(?P<dur>{_DURATION})(?P<ago>\s+ago)?"
    rf"(?P<later>\s+from\s+now)?{E}"
)
def _duration(match: re.Match[str], parts: Parts) -> bool:
    if match["ago"] and (match["ahead"] or match["later"]):
        raise Refusal("not_understood")
    direction = -1 if match["ago"] else 1 if (match["ahead"] or match["later"]) else 0
    duration = parse_duration(match["dur"], direction)
    if direction == 0 and re.search(rf"(?:{NUM})\s*(?:h(?![a-z])|heures?|hours?)", match["dur"]):
        return False  # "9 heures" alone is a time of day, not a duration
    parts.durations.append(duration)
    return True


@rule(
    rf"{B}(?:(?:de\s+)?(?:la\s+)?semaine\s+(?P<week_fr>prochaine|derniere|passee)"
    rf"|(?P<week_this>cette\s+semaine|this\s+week)|(?P<week_en>next|last)\s+week"
    rf"|(?:du\s+|le\s+)?mois\s+(?P<month_fr>prochain|dernier|passe)"
    rf"|(?P<month_this>ce\s+mois(?:[- ]ci)?|this\s+month)|(?P<month_en>next|last)\s+month"
    rf"|(?:de\s+)?l'(?:an|annee)\s+(?P<year_fr>prochaine?|derniere?|passee?)"
    rf"|(?P<year_this>cette\s+annee|this\s+year)|(?P<year_en>next|last)\s+year){E}"
)
def _calendar_shift(match: re.Match[str], parts: Parts) -> bool:
    for unit in ("week", "month", "year"):
        word = match[f"{unit}_fr"] or match[f"{unit}_en"]
        if word or match[f"{unit}_this"]:
            shift = 0 if not word else 1 if word.startswith(("proch", "next")) else -1
            parts.shifts.append((unit, shift, match[0]))
    return True


@rule(
    rf"{B}(?P<d>\d{{1,2}})(?:er|re|e|eme|st|nd|rd|th)?\s+(?:of\s+|de\s+)?(?P<mo>{MON})\.?"
    rf"(?:\s+(?P<y>\d{{4}})(?![\w:])|\s+prochain)?{E}"
)
def _day_month(match: re.Match[str], parts: Parts) -> bool:
    year = int(match["y"]) if match["y"] else None
    add_date(parts, int(match["d"]), MONTHS[match["mo"]], year, match[0])
    return True


@rule(
    rf"{B}(?P<mo>{MON})\.?\s+(?:the\s+|le\s+)?(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?"
    rf"(?:\s+(?P<y>\d{{4}}))?(?![\w:])"
)
def _month_day(match: re.Match[str], parts: Parts) -> bool:
    year = int(match["y"]) if match["y"] else None
    add_date(parts, int(match["d"]), MONTHS[match["mo"]], year, match[0])
    return True


_MERIDIEM = r"(?P<mer>[ap])\.?\s?m\b\.?"
_PERIOD_SUFFIX = (
    r"(?:\s+(?P<per>du matin|le matin|de la matinee|in the morning"
    r"|de l'apres[- ]?midi|l'apres[- ]?midi|de l'aprem|in the afternoon"
    r"|du soir|le soir|in the evening|de la nuit|at night))?"
)


def period_of(words: str | None) -> str | None:
    """« de l'après-midi » → "afternoon"."""
    if not words:
        return None
    for word in re.findall(r"[a-z]+", words):
        if word in PERIOD_WORDS:
            return PERIOD_WORDS[word]
    return None


def add_clock(parts: Parts, hour: int, minute: int, source: str, **extra: object) -> None:
    """Record a time of day after checking it exists (refuse 25 h, 24 h 30, 9 h 61)."""
    meridiem = extra.get("meridiem")
    if minute > 59 or hour > 23 or (meridiem and not 1 <= hour <= 12):
        raise Refusal("bad_time", time=source.strip())
    parts.clocks.append(Clock(hour, minute, source.strip(), **extra))  # type: ignore[arg-type]


@rule(
    rf"(?<![\w:/.,-])(?P<h>\d{{1,2}})\s*[:h]\s*(?P<m>\d{{2}})(?::00)?(?![\d:])(?:\s*{_MERIDIEM})?"
    rf"{_PERIOD_SUFFIX}{E}"
)
def _clock_minutes(match: re.Match[str], parts: Parts) -> bool:
    add_clock(
        parts,
        int(match["h"]),
        int(match["m"]),
        match[0],
        meridiem=match["mer"],
        period=period_of(match["per"]),
    )
    return True


@rule(
    rf"(?<![\w:/.,-])(?P<h>\d{{1,2}})\s*(?:h(?![a-z])|heures?(?:\s+(?P<m>\d{{1,2}})(?!\d))?)"
    rf"(?:\s+(?P<frac>et demie?|et quart|moins le quart|moins quart))?{_PERIOD_SUFFIX}{E}"
)
def _clock_hours(match: re.Match[str], parts: Parts) -> bool:
    hour, minute = int(match["h"]), int(match["m"] or 0)
    fraction = match["frac"] or ""
    if "moins" in fraction:
        if hour == 0:
            raise Refusal("bad_time", time=match[0].strip())
        hour, minute = hour - 1, 45
    elif fraction:
        minute = 15 if "quart" in fraction else 30
    add_clock(parts, hour, minute, match[0], period=period_of(match["per"]))
    return True


@rule(rf"(?<![\w:/.,-])(?P<h>\d{{1,2}})\s*{_MERIDIEM}{_PERIOD_SUFFIX}(?![\w])")
def _clock_meridiem(match: re.Match[str], parts: Parts) -> bool:
    add_clock(
        parts, int(match["h"]), 0, match[0], meridiem=match["mer"], period=period_of(match["per"])
    )
    return True


@rule(rf"{B}(?P<word>{_alternation(DAY_WORDS)}){E}")
def _day_word(match: re.Match[str], parts: Parts) -> bool:
    offset, period = DAY_WORDS[match["word"]]
    parts.offsets.append((offset, match[0]))
    if period:
        parts.periods.append((period, match[0]))
    return True


@rule(
    rf"{B}(?:(?:le|la|en|in the|dans la|durant la|the|at)\s+|(?:(?:dans|durant)\s+)?l')?"
    rf"(?P<per>matinee|matin|morning|apres[- ]?midi"
    rf"|aprem|afternoon|soiree|soir|evening|night|nuit){E}"
)
def _period(match: re.Match[str], parts: Parts) -> bool:
    period = period_of(match["per"])
    parts.periods.append(("evening" if period == "night" else period or "evening", match[0]))
    return True


@rule(
    rf"(?<![\w'-])(?P<this>ce\s+)?(?P<word>midi|noon|minuit|midnight)"
    rf"(?:\s+(?P<frac>et demie?|et quart|(?P<m>\d{{2}})(?![\d:h])))?{E}"
)
def _noon_midnight(match: re.Match[str], parts: Parts) -> bool:
    fraction = match["frac"] or ""
    minute = int(match["m"]) if match["m"] else 30 if "demi" in fraction else 15 if fraction else 0
    if match["this"]:  # « ce midi »: today at noon
        parts.offsets.append((0, match[0]))
    if match["word"] in ("midi", "noon"):
        add_clock(parts, 12, minute, match[0])
    elif minute:
        add_clock(parts, 0, minute, match[0])
    else:
        add_clock(parts, 0, 0, match[0], end_of_day=True)
    return True


@rule(
    rf"{B}(?:(?P<pre>next|this coming|coming|this|last|ce|cette|on)\s+)?(?P<wd>{WD})\.?"
    rf"(?:\s+(?P<post>prochaine?|qui vient|derniere?|passee?))?{E}"
)
def _weekday(match: re.Match[str], parts: Parts) -> bool:
    modifier = f"{match['pre'] or ''} {match['post'] or ''}"
    if re.search(r"last|dern|pass", modifier):
        mode = "last"
    elif re.search(r"next|proch|coming|vient", modifier):
        mode = "next"
    else:
        mode = "any"
    parts.weekdays.append((WEEKDAYS[match["wd"]], mode, match[0].strip()))
    return True


@rule(
    rf"{B}(?:(?:le|the)\s+(?P<d>\d{{1,2}})(?:er|re|e|st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:er|re|st|nd|rd|th))(?![\w:/])"
)
def _day_of_month(match: re.Match[str], parts: Parts) -> bool:
    day = int(match["d"] or match["d2"])
    if not 1 <= day <= 31:
        raise Refusal("bad_date", date=match[0])
    parts.days_of_month.append((day, match[0]))
    return True


@rule(rf"{B}(?:a|at|vers|around)\s+(?P<h>\d{{1,2}})(?![\w:/.,])")
def _bare_hour(match: re.Match[str], parts: Parts) -> bool:
    add_clock(parts, int(match["h"]), 0, match[0], bare=True)
    return True


def extract(normalised: str) -> Parts:
    """Apply every rule in turn; what no rule consumed ends in ``Parts.leftover``."""
    parts = Parts()
    remaining = normalised
    for pattern, handler in RULES:

        def consume(match: re.Match[str], handler: Handler = handler) -> str:
            return " # " if handler(match, parts) else match[0]

        remaining = pattern.sub(consume, remaining)
    parts.leftover = [
        word for word in remaining.split() if word.strip(".") not in FILLERS and word.strip(".")
    ]
    return parts
