"""Spans and series: the shared corpus dates_fr_series.tsv (in full), our own rows, the messages
and properties (America/Toronto unless said otherwise)."""

from __future__ import annotations

import csv
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.when import (
    MAX_OCCURRENCES,
    WhenError,
    parse_series,
    parse_series_spans,
    parse_span,
    parse_when,
)
from testkit.paths import SHARED_DATA, TEST_DATA

SHARED_CORPUS = SHARED_DATA / "dates_fr_series.tsv"
OWN_CASES = TEST_DATA / "dates_fr_series.tsv"
TZ = "America/Toronto"
TORONTO = ZoneInfo(TZ)
DECEMBER = datetime(2026, 12, 1, 10, 0, tzinfo=TORONTO)


def read_rows(path: Path) -> list[tuple[str, str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["now"], row["kind"], row["text"], row["expected"])
                for row in csv.DictReader(handle, delimiter="\t")]  # fmt: skip


def shared_rows() -> list[tuple[str, str, str, str]]:
    """The shared corpus must be there: a missing file fails loudly instead of being skipped."""
    if not SHARED_CORPUS.is_file():
        return [("", "missing", str(SHARED_CORPUS), "")]
    return read_rows(SHARED_CORPUS)


SHARED = shared_rows()
OWN = read_rows(OWN_CASES)


def outcome(kind: str, text: str, now: datetime) -> str:
    """The result written as in the corpus: ISO instants, ``start/end``, ``a,b,c`` or ERROR."""
    try:
        if kind == "when":
            return parse_when(text, now=now, tz=TZ).isoformat()
        if kind == "span":
            start, end = parse_span(text, now=now, tz=TZ)
            return f"{start.isoformat()}/{end.isoformat() if end else ''}"
        if kind == "series":
            return ",".join(moment.isoformat() for moment in parse_series(text, now=now, tz=TZ))
    except WhenError:
        return "ERROR"
    raise AssertionError(f"unknown kind {kind!r}")


def check_row(now: str, kind: str, text: str, expected: str) -> None:
    if kind == "missing":
        pytest.fail(f"the shared corpus is missing: {text} (it must pass in full)")
    moment = datetime.fromisoformat(now)
    assert outcome(kind, text, moment) == expected


def test_shared_corpus_is_there_and_not_empty() -> None:
    assert SHARED_CORPUS.is_file(), f"the shared corpus is missing: {SHARED_CORPUS}"
    assert len(SHARED) >= 20
    assert {row[1] for row in SHARED} == {"when", "span", "series"}


@pytest.mark.parametrize(("now", "kind", "text", "expected"), SHARED,
                         ids=[f"{r[1]}:{r[2]}" for r in SHARED])  # fmt: skip
def test_shared_corpus_row(now: str, kind: str, text: str, expected: str) -> None:
    check_row(now, kind, text, expected)


def test_own_cases_are_many_and_varied() -> None:
    assert len(OWN) >= 60
    assert sum(1 for row in OWN if row[3] == "ERROR") >= 15
    assert {row[1] for row in OWN} == {"when", "span", "series"}
    assert any("-05:00" in row[3] and "-04:00" in row[3] for row in OWN)  # DST inside a row


@pytest.mark.parametrize(("now", "kind", "text", "expected"), OWN,
                         ids=[f"{r[1]}:{r[2]}" for r in OWN])  # fmt: skip
def test_own_case(now: str, kind: str, text: str, expected: str) -> None:
    check_row(now, kind, text, expected)


# --- refusals: a key, params and a message saying what to type -------------------------------


def refusal(parse: object, text: str, locale: str = "fr", now: datetime = DECEMBER) -> WhenError:
    with pytest.raises(WhenError) as caught:
        parse(text, now=now, tz=TZ, locale=locale)  # type: ignore[operator]
    return caught.value


def test_end_before_start_names_both_times() -> None:
    error = refusal(parse_span, "jeudi 16 h à 13 h 30")
    assert error.key == "span_end_before_start"
    assert "la fin (13 h 30) ne vient pas après le début (16 h)" in str(error)
    assert "« jeudi 13 h 30 à 16 h »" in str(error)
    assert "(1:30 PM)" in error.render("en")


def test_end_without_start_is_refused_in_either_language() -> None:
    error = refusal(parse_span, "jusqu'à 16 h")
    assert error.key == "span_no_start"
    assert "« jusqu'à 16 h »" in str(error)
    english = refusal(parse_span, "until 4pm tomorrow", locale="en")
    assert english.key == "span_no_start"
    assert str(english).startswith("In “until 4pm tomorrow”, I see an end")


def test_impossible_ordinal_names_the_month() -> None:
    error = refusal(parse_when, "le 5e lundi de février")
    assert error.key == "no_such_weekday"
    assert str(error).startswith("Il n'y a pas de 5e lundi en février 2027")
    assert "« le dernier lundi »" in str(error)
    assert error.render("en").startswith("There is no 5th Monday in February 2027")
    series = refusal(parse_series, "le 5e lundi de février et de mars à 9 h")
    assert series.key == "no_such_weekday"
    assert "février 2027" in str(series)


def test_impossible_day_of_each_month_names_the_month() -> None:
    error = refusal(parse_series, "le 31 de chaque mois")
    assert error.key == "no_such_day"
    assert "31 en février 2027" in str(error)


def test_too_many_occurrences_says_how_to_end_the_series() -> None:
    error = refusal(parse_series, "tous les mardis à 10 h")
    assert error.key == "series_too_many"
    assert error.params["count"] == 52
    assert "« jusqu'en juin »" in str(error)
    assert "(6 times)" in error.render("en")
    assert refusal(parse_series, "chaque 1er lundi du mois (25 fois)").key == "series_too_many"


def test_no_series_and_empty_series() -> None:
    assert refusal(parse_series, "demain à 9 h").key == "series_not_understood"
    assert refusal(parse_series, "chaque mardi jusqu'en juin 2026").key == "series_empty"
    assert refusal(parse_series, "  ").key == "empty"
    assert refusal(parse_span, "x" * 201).key == "too_long"


def test_two_ends_or_a_date_beside_a_series_conflict() -> None:
    assert refusal(parse_series, "chaque 2e mardi du mois (6 fois) jusqu'en juin").key == "conflict"
    assert refusal(parse_series, "chaque 2e mardi à 9 h demain").key == "conflict"


def test_listed_month_already_past_with_no_year_is_the_next_one() -> None:
    october = datetime(2026, 10, 6, 14, 0, tzinfo=TORONTO)
    starts = parse_series("le 3e jeudi de septembre et de novembre à 13 h 30", now=october, tz=TZ)
    assert [s.date().isoformat() for s in starts] == ["2026-11-19", "2027-09-16"]


def test_a_listed_occurrence_earlier_today_is_refused_not_moved_a_year() -> None:
    error = refusal(parse_series, "le 1er mardi de décembre et de janvier à 9 h")
    assert error.key == "past"


def test_series_spans_carry_an_end_on_every_occurrence() -> None:
    pairs = parse_series_spans(
        "le 3e jeudi de janvier, mars et mai de 13 h 30 à 16 h", now=DECEMBER, tz=TZ
    )
    assert len(pairs) == 3
    for start, end in pairs:
        assert end is not None
        assert (start.hour, start.minute, end.hour, end.minute) == (13, 30, 16, 0)
        assert start.date() == end.date()
    assert all(end is None for _, end in parse_series_spans("le 3e jeudi de mars", now=DECEMBER,
                                                            tz=TZ))  # fmt: skip


def test_series_without_an_end_covers_twelve_months() -> None:
    starts = parse_series("le 15 de chaque mois à 10 h", now=DECEMBER, tz=TZ)
    assert len(starts) == 12
    assert starts[-1] < DECEMBER + timedelta(days=366)


def test_span_without_end_is_start_and_none() -> None:
    start, end = parse_span("jeudi 13 h 30", now=DECEMBER, tz=TZ)
    assert end is None
    assert start == parse_when("jeudi 13 h 30", now=DECEMBER, tz=TZ)


def test_parse_when_is_unchanged_by_spans() -> None:
    with pytest.raises(WhenError):
        parse_when("le 20 octobre à 13h à 15h", now=DECEMBER, tz=TZ)


def test_each_call_is_fast() -> None:
    """Every corpus expression under 10 ms (the median of 3 calls, so a pause is not counted)."""
    texts = [(row[1], row[2], datetime.fromisoformat(row[0])) for row in SHARED + OWN]
    outcome("series", "chaque 2e mardi du mois à 9 h", DECEMBER)
    slow = []
    for kind, text, now in texts:
        samples = []
        for _ in range(3):
            start = time.perf_counter()
            outcome(kind, text, now)
            samples.append(time.perf_counter() - start)
        if sorted(samples)[1] >= 0.010:
            slow.append(text)
    assert not slow


# --- properties -------------------------------------------------------------------------------

ORDINAL_WORDS = ["1er", "premier", "2e", "deuxième", "3e", "4e", "dernier"]
WEEKDAY_WORDS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
SERIES_VOCABULARY = (
    "chaque tous les mardis 2e dernier jeudi du mois de à 9 h 13h30 jusqu'en juin "
    "pendant 4 semaines fois 6 ( ) et mars septembre every tuesday until second the "
    "of 9am - 16 h minuit midi 31 le 5e"
)
SERIES_WORDS = SERIES_VOCABULARY.split()
ENDINGS = ["", " jusqu'en juin", " (6 fois)", " pendant 3 mois", " à partir de mars"]


@settings(max_examples=300, deadline=None)
@given(
    nth=st.sampled_from(ORDINAL_WORDS),
    weekday=st.sampled_from(WEEKDAY_WORDS),
    hour=st.integers(min_value=0, max_value=23),
    minute=st.sampled_from([0, 15, 30, 45]),
    ending=st.sampled_from(ENDINGS),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 730),
)
def test_monthly_series_are_ahead_sorted_unique_at_the_asked_hour(
    nth: str, weekday: str, hour: int, minute: int, ending: str, minutes: int
) -> None:
    now = datetime(2026, 1, 1, tzinfo=TORONTO) + timedelta(minutes=minutes)
    text = f"chaque {nth} {weekday} du mois à {hour} h {minute:02d}{ending}"
    try:
        starts = parse_series(text, now=now, tz=TZ)
    except WhenError as error:
        assert error.key in {"series_empty", "series_too_many"}, str(error)
        return
    assert 0 < len(starts) <= MAX_OCCURRENCES
    assert all(start > now for start in starts)
    assert starts == sorted(set(starts))
    for start in starts:
        assert str(start.tzinfo) == TZ
        if start.replace(tzinfo=None).hour == hour or not _in_gap(start, hour, minute):
            assert (start.hour, start.minute) == (hour, minute)
        else:  # a wall time skipped by the spring change moves forward by the gap
            assert (start.hour, start.minute) == (hour + 1, minute)


def _in_gap(start: datetime, hour: int, minute: int) -> bool:
    wall = start.replace(hour=hour, minute=minute, tzinfo=None).replace(tzinfo=TORONTO)
    return wall.astimezone(ZoneInfo("UTC")).astimezone(TORONTO).hour != hour


@settings(max_examples=300, deadline=None)
@given(
    day=st.sampled_from(["demain", "jeudi", "le 12 décembre", "le 2e mardi de mars", "tomorrow"]),
    start=st.integers(min_value=0, max_value=23),
    length=st.integers(min_value=-3, max_value=6),
    separator=st.sampled_from([" à ", "-", " – ", " jusqu'à "]),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 365),
)
def test_spans_end_after_they_start_or_are_refused(
    day: str, start: int, length: int, separator: str, minutes: int
) -> None:
    now = datetime(2026, 1, 1, tzinfo=TORONTO) + timedelta(minutes=minutes)
    end = start + length
    text = f"{day} {start} h{separator}{end} h"
    try:
        begin, finish = parse_span(text, now=now, tz=TZ)
    except WhenError as error:
        assert error.render("en") and str(error)
        assert length <= 0 or end > 23 or error.key == "past", (text, error.key)
        return
    assert length > 0
    assert finish is not None and begin > now and finish > begin
    assert finish.date() == begin.date()


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(SERIES_WORDS),
        min_size=1,
        max_size=8,
    ),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 400),
)
def test_any_series_text_gives_occurrences_or_a_when_error(words: list[str], minutes: int) -> None:
    now = datetime(2026, 1, 1, tzinfo=TORONTO) + timedelta(minutes=minutes)
    try:
        pairs = parse_series_spans(" ".join(words), now=now, tz=TZ)
    except WhenError as error:
        assert error.render("en") and str(error)
        return
    starts = [start for start, _ in pairs]
    assert 0 < len(starts) <= MAX_OCCURRENCES
    assert starts == sorted(set(starts))
    assert all(start > now for start in starts)
    assert all(end is None or end > start for start, end in pairs)
