"""Our own date cases (tests/data/dates_more.tsv) and the behaviour around them."""

from __future__ import annotations

import contextlib
import csv
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import catalog
from bot.when import WhenError, format_day, format_time, format_when, parse_since, parse_when
from bot.when_format import CalendarDay, Instant, WeekdayName
from testkit.paths import TEST_DATA

CASES = TEST_DATA / "dates_more.tsv"
TORONTO = ZoneInfo("America/Toronto")
TUESDAY = datetime(2026, 10, 6, 14, 0, tzinfo=TORONTO)


def case_rows() -> list[tuple[str, str, str, str, str]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [(row["kind"], row["now"], row["tz"], row["text"], row["expected"])
            for row in csv.DictReader(lines, delimiter="\t")]  # fmt: skip


ROWS = case_rows()


def test_enough_cases() -> None:
    assert len(ROWS) >= 300
    assert sum(1 for row in ROWS if row[0] == "since") >= 50


@pytest.mark.parametrize(
    ("kind", "now", "tz", "text", "expected"), ROWS, ids=[f"{r[0]}:{r[3]}" for r in ROWS]
)
def test_case(kind: str, now: str, tz: str, text: str, expected: str) -> None:
    parse = parse_since if kind == "since" else parse_when
    moment = datetime.fromisoformat(now)
    if expected == "ERROR":
        with pytest.raises(WhenError):
            parse(text, now=moment, tz=tz)
        return
    result = parse(text, now=moment, tz=tz)
    assert result.isoformat() == expected
    assert str(result.tzinfo) == tz
    assert result > moment if kind == "when" else result <= moment


# --- messages ---------------------------------------------------------------------------------


def refusal(text: str, locale: str = "fr", now: datetime = TUESDAY) -> WhenError:
    with pytest.raises(WhenError) as caught:
        parse_when(text, now=now, tz="America/Toronto", locale=locale)
    return caught.value


def test_error_is_a_value_error_with_key_and_params() -> None:
    error = refusal("quand tu veux")
    assert isinstance(error, ValueError)
    assert error.key == "not_understood"
    assert error.params["text"] == "quand tu veux"


def test_not_understood_quotes_the_text_and_gives_examples() -> None:
    message = str(refusal("quand tu veux"))
    assert "« quand tu veux »" in message
    assert "« jeudi 13 h 30 »" in message
    assert "« le 12 décembre à 9 h »" in message


def test_leftover_words_are_quoted_as_typed() -> None:
    error = refusal("demain 10 h en fin de journée")
    assert error.key == "leftover"
    assert "« en fin journée »" in str(error)


def test_past_message_says_when_it_was() -> None:
    message = str(refusal("aujourd'hui à 9h"))
    assert "mardi 6 octobre 2026 à 9 h" in message
    assert "déjà passé" in message


def test_bad_date_is_quoted_with_its_accents() -> None:
    error = refusal("le 30 Février")
    assert error.key == "bad_date"
    assert "« 30 Février »" in str(error)


def test_bad_time_message() -> None:
    error = refusal("demain 24h30")
    assert error.key == "bad_time"
    assert "« 24h30 »" in str(error)


def test_weekday_mismatch_names_the_real_weekday() -> None:
    error = refusal("mardi le 9 décembre")
    assert error.key == "weekday_mismatch"
    assert str(error).startswith("Le 9 décembre 2026 est un mercredi, pas un mardi.")
    assert error.render("en").startswith("December 9, 2026 is a Wednesday, not a Tuesday.")


def test_english_locale_and_re_rendering() -> None:
    error = refusal("yesterday", locale="en")
    assert str(error).startswith("“yesterday” falls on Monday, October 5, 2026 at 9:00 AM")
    assert "« hier »" not in error.render("fr")
    assert "lundi 5 octobre 2026 à 9 h" in error.render("fr")


def test_ambiguous_hour_suggests_both_readings() -> None:
    error = refusal("demain à 3")
    assert error.key == "ambiguous_hour"
    assert "« 15 h »" in str(error)


def test_too_far_and_too_long() -> None:
    assert refusal("dans 6 ans").key == "too_far"
    error = refusal("demain " + "très " * 50)
    assert error.key == "too_long"
    assert "200" in str(error)


def test_conflict_quotes_both_parts() -> None:
    error = refusal("demain jeudi 9h le 20 octobre")
    assert error.key in {"conflict", "weekday_mismatch"}
    assert refusal("le 20 octobre à 13h à 15h").key == "conflict"


def test_empty_input() -> None:
    assert refusal("   ").key == "empty"


def test_since_messages_use_past_examples() -> None:
    with pytest.raises(WhenError) as caught:
        parse_since("depuis toujours", now=TUESDAY, tz="America/Toronto")
    assert caught.value.key == "since_not_understood"
    assert "« il y a 2 semaines »" in str(caught.value)
    with pytest.raises(WhenError) as caught:
        parse_since("demain", now=TUESDAY, tz="America/Toronto")
    assert caught.value.key == "future"
    assert "pas encore arrivé" in str(caught.value)


def test_message_parameters_format_in_either_language() -> None:
    moment = datetime(2026, 12, 12, 9, 0, tzinfo=TORONTO)
    assert f"{Instant(moment):fr}" == "samedi 12 décembre 2026 à 9 h"
    assert f"{Instant(moment):en}" == "Saturday, December 12, 2026 at 9:00 AM"
    assert f"{CalendarDay(date(2026, 12, 1)):fr}" == "1er décembre 2026"
    assert f"{WeekdayName(0):en}" == "Monday"


def test_catalogs_have_the_same_keys() -> None:
    french = {key for key in catalog("fr") if key.startswith("when.")}
    english = {key for key in catalog("en") if key.startswith("when.")}
    assert french == english
    assert len(french) >= 15


# --- formatting -------------------------------------------------------------------------------


def test_format_when_french_and_english() -> None:
    moment = datetime(2026, 12, 11, 9, 0, tzinfo=TORONTO)
    assert format_when(moment) == "vendredi 11 décembre 2026 à 9 h"
    assert format_when(moment, "en") == "Friday, December 11, 2026 at 9:00 AM"
    assert format_when(moment, "fr-CA") == "vendredi 11 décembre 2026 à 9 h"


def test_format_day_and_time() -> None:
    moment = datetime(2026, 11, 1, 13, 30, tzinfo=TORONTO)
    assert format_day(moment) == "dimanche 1er novembre 2026"
    assert format_day(moment, "en") == "Sunday, November 1, 2026"
    assert format_time(moment) == "13 h 30"
    assert format_time(moment, "en") == "1:30 PM"
    assert format_time(moment.replace(hour=0, minute=5), "en") == "12:05 AM"
    assert format_time(moment.replace(hour=12), "en") == "12:30 PM"


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 11, 9, 0, tzinfo=TORONTO),
        datetime(2027, 1, 1, 0, 0, tzinfo=TORONTO),
        datetime(2026, 11, 2, 23, 59, tzinfo=TORONTO),
        datetime(2027, 3, 14, 12, 0, tzinfo=TORONTO),
    ],
)
def test_formatted_instants_parse_back(moment: datetime, locale: str) -> None:
    assert parse_when(format_when(moment, locale), now=TUESDAY, tz="America/Toronto") == moment


# --- behaviour ----------------------------------------------------------------------------------


def test_naive_now_is_read_in_the_zone() -> None:
    result = parse_when("demain 10h", now=datetime(2026, 10, 6, 14, 0), tz="America/Toronto")
    assert result.isoformat() == "2026-10-07T10:00:00-04:00"


def test_now_in_another_zone_is_converted_first() -> None:
    paris_evening = datetime(2026, 10, 7, 3, 30, tzinfo=ZoneInfo("Europe/Paris"))
    result = parse_when("demain 10h", now=paris_evening, tz="America/Toronto")
    assert result.isoformat() == "2026-10-07T10:00:00-04:00"


def test_result_is_always_after_now_for_weekdays() -> None:
    for day in range(7):
        for hour in range(0, 24, 3):
            now = datetime(2026, 10, 5 + day, hour, 30, tzinfo=TORONTO)
            for name in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"):
                result = parse_when(f"{name} 12h", now=now, tz="America/Toronto")
                assert now < result <= now + timedelta(days=7)
                assert (result.hour, result.minute) == (12, 0)


def test_since_is_never_after_now() -> None:
    for hour in range(24):
        now = datetime(2026, 10, 6, hour, 15, tzinfo=TORONTO)
        for text in ("lundi", "mardi 12h", "hier", "ce matin", "9h", "2 semaines"):
            assert parse_since(text, now=now, tz="America/Toronto") <= now


def test_mean_parse_time_is_small() -> None:
    texts = [row[3] for row in ROWS if row[0] == "when"]
    parse_when("demain", now=TUESDAY, tz="America/Toronto")
    start = time.perf_counter()
    for text in texts:
        with contextlib.suppress(WhenError):
            parse_when(text, now=TUESDAY, tz="America/Toronto")
    assert (time.perf_counter() - start) / len(texts) < 0.010


# --- properties -------------------------------------------------------------------------------

VOCABULARY = (
    "demain hier lundi mardi prochain dernier le à de du 9h 13h30 25h 24h 12:00 midi minuit 1er 31 "
    "29 février décembre dec. 2026 0000-01-01 9999-12-31 2026-02-29 31/12 99/99 dans il y a ago in "
    "une deux 0 99999999999 1,5 jours heures semaines mois ans et demie matin soir après-midi ce "
    "this next last week semaine prochaine pm am 3 7 depuis since tonight tomorrow noon the of 3rd"
)
WORDS = VOCABULARY.split()
ZONES = ["America/Toronto", "Europe/Paris", "Pacific/Auckland", "UTC"]


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
    zone=st.sampled_from(ZONES),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 400),
    since=st.booleans(),
)
def test_any_input_gives_an_instant_on_the_right_side_or_a_when_error(
    words: list[str], zone: str, minutes: int, since: bool
) -> None:
    now = datetime(2026, 1, 1, tzinfo=ZoneInfo(zone)) + timedelta(minutes=minutes)
    parse = parse_since if since else parse_when
    try:
        result = parse(" ".join(words), now=now, tz=zone)
    except WhenError as error:
        assert error.render("en") and str(error)
        return
    assert str(result.tzinfo) == zone
    if since:
        assert result <= now
    else:
        assert now < result <= now + timedelta(days=5 * 366)
