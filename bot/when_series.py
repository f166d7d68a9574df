"""Grammar of spans (« 13 h 30 à 16 h ») and series (« le 3e jeudi de septembre et de mars »).

Everything here works on text already passed through ``bot.when_rules.normalise`` and says
*what* was written; ``bot.when`` resolves it against "now" (``parse_span``, ``parse_series``).

* ``split_span`` finds « de 9 h à midi », « 9h-11h », "9-11am", "1:30pm to 4pm" and returns the
  text of the start (the whole expression with the end taken out) and the text of the end.
* ``read_series`` takes out the recurrence (« chaque 2e mardi du mois », « tous les mardis »,
  « le 3e jeudi de septembre, novembre et juin »), its limits (« jusqu'en juin »,
  « pendant 4 semaines », « (6 fois) », « à partir de septembre ») and leaves the time of day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.patterns import LazyPattern
from bot.when_rules import MON, ORD, WD, Refusal, _alternation, checked_date, to_number
from bot.when_words import MONTHS, NUMBER_WORDS, ORDINALS, WEEKDAY_PLURALS, WEEKDAYS

B = r"(?<![\w'])"
E = r"(?![\w])"
_NUMBER = rf"(?:\d{{1,3}}|{_alternation(NUMBER_WORDS)})"
_MERIDIEM = r"[ap]\.?\s?m\b\.?"
# A time of day as the clock rules read it (no bare numbers): 9 h, 13 h 30, 13:30, 2pm, midi.
_CLOCK = (
    rf"(?:\d{{1,2}}\s*[:h]\s*\d{{2}}(?:\s*{_MERIDIEM})?|\d{{1,2}}\s*h(?![a-z])"
    rf"|\d{{1,2}}\s*heures?(?:\s+\d{{2}}(?!\d))?|\d{{1,2}}\s*{_MERIDIEM}"
    rf"|midi|noon|minuit|midnight)"
)
_BARE = r"\d{1,2}(?![\w:/.,])"
_PERIOD = (
    r"(?:\s+(?:du matin|le matin|de la matinee|in the morning|de l'apres[- ]?midi"
    r"|l'apres[- ]?midi|de l'aprem|in the afternoon|du soir|le soir|in the evening))?"
)
_SPAN = LazyPattern(
    rf"(?<![\w'])(?<!le )(?<!the )(?P<lead>(?:de|from|between|entre|des)\s+)?"
    rf"(?P<a>{_CLOCK}|{_BARE})\s*(?P<sep>-|a|to|until|till|jusqu'a|and|et)\s*"
    rf"(?P<b>(?:{_CLOCK}|{_BARE}){_PERIOD}){E}"
)
_END_ONLY = LazyPattern(
    rf"(?:{B}(?:jusqu'a|jusqu'au|until|till|au plus tard a|no later than)\s+|^-\s*)"
    rf"(?:(?!{_CLOCK}).)*{_CLOCK}|{B}(?:jusqu'a|jusqu'au|until|till)\s+\S"
)


@dataclass(frozen=True)
class SpanText:
    """The two halves of a span: ``start`` is the whole text with the end taken out."""

    start: str
    end: str
    end_source: str


def split_span(text: str) -> SpanText | None:
    """« jeudi 13 h 30 à 16 h » → start « jeudi 13 h 30 », end « 16 h »; None if no span.

    A start without « h » or am/pm borrows the end's (« de 9 à 11 h », "9-11am"); a bare start
    is only read after « de », "from"… or before a dash, so « le 12 à 15 h » stays a date.
    Refuses an end without a start (« jusqu'à 16 h ») and « et »/"and" outside « entre »/"between".
    """
    for found in _SPAN.finditer(text):
        lead, sep = (found["lead"] or "").strip(), found["sep"]
        a, b = found["a"].strip(), found["b"].strip()
        a_bare, b_bare = re.fullmatch(_BARE, a) is not None, re.match(_BARE + r"$", b) is not None
        if sep in ("and", "et") and lead not in ("between", "entre"):
            continue
        if a_bare and not lead and sep != "-" and not re.search(_MERIDIEM, b):
            continue
        if a_bare and b_bare and not lead:
            continue
        if a_bare:
            borrowed = re.search(rf"{_MERIDIEM}|h(?![a-z])|heures?", b)
            a = f"a {a}" if borrowed is None else f"{a} {borrowed[0]}"
        end = f"a {b}" if b_bare else b
        start = f"{text[: found.start()]} {a} {text[found.end() :]}"
        return SpanText(start=" ".join(start.split()), end=end, end_source=found[0].strip())
    return None


def end_without_start(text: str) -> str | None:
    """The words of an end given alone (« jusqu'à 16 h », "until 4pm"), or None."""
    found = _END_ONLY.search(text)
    return found[0].strip() if found else None


# --- series ------------------------------------------------------------------------------------

WDP = f"(?:{_alternation(WEEKDAY_PLURALS)})"
_YEAR = r"(?:\s+(?P<{name}>\d{{4}})(?![\w:]))?"
_MONTH_ITEM = rf"(?:(?:de|d'|of|in)\s*)?(?:{MON})\.?(?:\s+\d{{4}}(?![\w:]))?"
_MONTH_LIST = rf"{_MONTH_ITEM}(?:\s*(?:et|and|&|-)?\s*{_MONTH_ITEM})*"
_EVERY = r"(?:chaque|each|every|tous les|toutes les)"
_EACH_MONTH = (
    r"(?:du mois|de chaque mois|de tous les mois|chaque mois|tous les mois|par mois|mensuellement"
    r"|of (?:each|every|the) month|each month|every month|a month|monthly)"
)
_MONTH_RANGE = (
    rf"(?:de|d'|from)\s*(?P<r1>{MON})\.?{_YEAR.format(name='ry1')}\s*(?:a|au|to|through|thru"
    rf"|until|till|jusqu'en|jusqu'a|-)\s+(?P<r2>{MON})\.?{_YEAR.format(name='ry2')}"
)
_NTH = LazyPattern(
    rf"{B}(?:(?P<every>{_EVERY})\s+|(?:le|la|les|the|on the)\s+)?(?P<ord>{ORD})s?\s+"
    rf"(?P<wd>{WDP}|{WD})\.?(?:\s+(?P<each>{_EACH_MONTH}))?(?:\s+(?P<range>{_MONTH_RANGE})"
    rf"|\s+(?:de|du|d'|of|in)\s*(?P<months>{_MONTH_LIST}))?{E}"
)
_WEEKLY = LazyPattern(
    rf"{B}(?:(?:tous les|toutes les|chaque|every|each|on)\s+(?P<wds>{WDP}(?:\s*(?:et|and|&)\s*"
    rf"(?:les\s+)?{WDP})*)|un\s+(?P<alt>{WD})\s+sur\s+deux|every\s+other\s+(?P<alt2>{WD}))\.?{E}"
)
_DAILY = LazyPattern(rf"{B}(?:tous les jours|chaque jour|every day|daily|quotidiennement){E}")
_MONTH_DAY = LazyPattern(
    rf"{B}(?:le|the|on the)\s+(?P<d>\d{{1,2}})(?:er|re|e|st|nd|rd|th)?\s+{_EACH_MONTH}{E}"
)
_DATE_ITEM = rf"(?:(?:le|les|the)\s+)?\d{{1,2}}(?:er|re|st|nd|rd|th)?\s+(?:{MON})\.?(?:\s+\d{{4}})?"
_DATE_LIST = LazyPattern(rf"{B}{_DATE_ITEM}(?:\s*(?:et|and|&)?\s*{_DATE_ITEM})+{E}")
_DATE_PARTS = LazyPattern(
    rf"(?P<d>\d{{1,2}})(?:er|re|st|nd|rd|th)?\s+(?P<mo>{MON})\.?(?:\s+(?P<y>\d{{4}}))?"
)
_NOT_COUNTED = (  # « à partir de janvier (4 fois) »: 4 is a count, not January 4
    r"(?!\s*(?:fois|occurrences?|rencontres?|reunions?|seances?|times|meetings|sessions)(?!\w))"
)
_UNTIL = LazyPattern(
    rf"{B}(?:jusqu'en|jusqu'au mois d[e']|jusqu'a la fin d[eu']|jusqu'a la fin|jusqu'a fin"
    rf"|jusqu'a|jusqu'au|until the end of|until|till|through|thru)\s*"
    rf"(?:(?P<d>\d{{1,2}})(?:er|re|st|nd|rd|th)?\s+(?P<mo>{MON})\.?|(?P<mo2>{MON})\.?"
    rf"(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\w:]){_NOT_COUNTED})?){_YEAR.format(name='y')}{E}"
)
_FROM = LazyPattern(
    rf"{B}(?:a partir d[eu']|a compter d[eu']|des|des le|starting(?: in| on| from)?"
    rf"|beginning(?: in| on)?|from)\s*(?:le\s+|the\s+)?"
    rf"(?:(?P<d>\d{{1,2}})(?:er|re|st|nd|rd|th)?\s+(?P<mo>{MON})\.?|(?P<mo2>{MON})\.?"
    rf"(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\w:]){_NOT_COUNTED})?){_YEAR.format(name='y')}{E}"
)
_COUNT = LazyPattern(
    rf"{B}(?:for\s+)?(?P<n>{_NUMBER})\s+(?:fois|occurrences?|rencontres?|reunions?|seances?"
    rf"|times|meetings|sessions){E}"
)
_DURING = LazyPattern(
    rf"{B}(?:pendant|durant|sur|for|over)\s+(?P<n>{_NUMBER})\s+(?P<u>semaines?|mois|jours?|ans?"
    rf"|annees?|weeks?|months?|days?|years?){E}"
)


@dataclass(frozen=True)
class Limit:
    """« jusqu'en juin », « jusqu'au 15 juin 2027 », « à partir de septembre »: a month or a day."""

    month: int
    source: str
    day: int | None = None
    year: int | None = None


@dataclass
class SeriesText:
    """What a series says, before it is placed in time.

    ``kind``: "nth" (``nth`` ``weekdays[0]`` of each month, or of ``months``), "weekly"
    (``weekdays``, every ``interval`` weeks), "daily", "month_day" (``day`` of each month) or
    "dates" (``dates``). ``months``/``dates`` items are (month, year or None) and
    (day, month, year or None); ``time`` is what is left: the time of day or a span.
    """

    kind: str
    source: str
    nth: int = 0
    weekdays: tuple[int, ...] = ()
    interval: int = 1
    day: int = 0
    months: list[tuple[int, int | None]] = field(default_factory=list)
    month_range: tuple[tuple[int, int | None], tuple[int, int | None]] | None = None
    dates: list[tuple[int, int, int | None]] = field(default_factory=list)
    until: Limit | None = None
    since: Limit | None = None
    count: int | None = None
    during: tuple[int, str, str] | None = None  # amount, unit, source
    time: str = ""


_UNIT = {"sem": "week", "wee": "week", "moi": "month", "mon": "month", "jou": "day", "day": "day"}


def _cut(text: str, found: re.Match[str]) -> str:
    return f"{text[: found.start()]} # {text[found.end() :]}"


def _limit(found: re.Match[str]) -> Limit:
    month = MONTHS[found["mo"] or found["mo2"]]
    day_text = found["d"] or found["d2"]
    year = int(found["y"]) if found["y"] else None
    if day_text:
        checked_date(int(day_text), month, year, found[0].strip())
    return Limit(month, found[0].strip(), int(day_text) if day_text else None, year)


def _number(word: str) -> int:
    value = to_number(word)
    return int(value)


def read_series(text: str) -> SeriesText | None:
    """The recurrence, limits and time of day written in ``text``; None if it is no series."""
    series = _recurrence(text)
    if series is None:
        return None
    rest = series.time
    for name, pattern in (("until", _UNTIL), ("since", _FROM)):
        found = pattern.search(rest)
        if found:
            setattr(series, name, _limit(found))
            rest = _cut(rest, found)
    found = _COUNT.search(rest)
    if found:
        series.count = _number(found["n"])
        rest = _cut(rest, found)
    found = _DURING.search(rest)
    if found:
        unit = "year" if found["u"].startswith(("an", "ye")) else _UNIT[found["u"][:3]]
        series.during = (_number(found["n"]), unit, found[0].strip())
        rest = _cut(rest, found)
    series.time = " ".join(rest.replace("#", " ").split())
    return series


def _recurrence(text: str) -> SeriesText | None:
    found = _NTH.search(text)
    if found and (found["every"] or found["each"] or found["months"] or found["range"]):
        series = SeriesText(
            "nth", found[0].strip(), nth=ORDINALS[found["ord"]], weekdays=(_weekday(found["wd"]),)
        )
        if found["months"]:
            series.months = [
                (MONTHS[item["mo"]], int(item["y"]) if item["y"] else None)
                for item in re.finditer(
                    rf"(?P<mo>{MON})\.?(?:\s+(?P<y>\d{{4}})(?![\w:]))?", found["months"]
                )
            ]
        if found["range"]:
            series.month_range = (
                (MONTHS[found["r1"]], int(found["ry1"]) if found["ry1"] else None),
                (MONTHS[found["r2"]], int(found["ry2"]) if found["ry2"] else None),
            )
        series.time = _cut(text, found)
        return series
    found = _WEEKLY.search(text)
    if found:
        if found["wds"]:
            days = tuple(sorted({WEEKDAY_PLURALS[w] for w in re.findall(WDP, found["wds"])}))
            series = SeriesText("weekly", found[0].strip(), weekdays=days)
        else:
            day = WEEKDAYS[found["alt"] or found["alt2"]]
            series = SeriesText("weekly", found[0].strip(), weekdays=(day,), interval=2)
        series.time = _cut(text, found)
        return series
    found = _DAILY.search(text)
    if found:
        return SeriesText("daily", found[0].strip(), time=_cut(text, found))
    found = _MONTH_DAY.search(text)
    if found:
        day = int(found["d"])
        if not 1 <= day <= 31:
            raise Refusal("bad_date", date=found[0].strip())
        return SeriesText("month_day", found[0].strip(), day=day, time=_cut(text, found))
    found = _DATE_LIST.search(text)
    if found:
        dates = []
        for item in _DATE_PARTS.finditer(found[0]):
            year = int(item["y"]) if item["y"] else None
            checked_date(int(item["d"]), MONTHS[item["mo"]], year, item[0].strip())
            dates.append((int(item["d"]), MONTHS[item["mo"]], year))
        return SeriesText("dates", found[0].strip(), dates=dates, time=_cut(text, found))
    return None


def _weekday(word: str) -> int:
    return WEEKDAY_PLURALS.get(word, WEEKDAYS.get(word, 0))
