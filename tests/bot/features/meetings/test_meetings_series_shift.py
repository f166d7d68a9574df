"""Shifting a series: the words read as a shift, and wall-clock days across a time change."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.features.meetings.series import is_series_word, read_shift

TORONTO = ZoneInfo("America/Toronto")


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("+1 semaine", 1, "weeks"),
        ("de 2 semaines", 2, "weeks"),
        ("1 semaine plus tard", 1, "weeks"),
        ("1 semaine plus tôt", -1, "weeks"),
        ("-2 jours", -2, "days"),
        ("+30 min", 30, "minutes"),
        ("+1 h", 1, "hours"),
        ("+1 week", 1, "weeks"),
        ("by 2 days later", 2, "days"),
        ("3 days earlier", -3, "days"),
    ],
)
def test_shifts_are_read(text: str, amount: int, unit: str) -> None:
    shift = read_shift(text)
    assert shift is not None and (shift.amount, shift.unit) == (amount, unit)


@pytest.mark.parametrize(
    "text", ["-1 an", "le 3e jeudi de mars", "+1 semaine plus tard", "+1", "semaine", ""]
)
def test_what_is_no_shift_is_left_to_the_date_reader(text: str) -> None:
    assert read_shift(text) is None


def test_a_shift_in_days_keeps_the_wall_clock_time_across_a_time_change() -> None:
    before = datetime(2026, 10, 29, 17, 30, tzinfo=UTC)  # 13 h 30 EDT
    assert read_shift("+1 semaine").apply(before, TORONTO) == datetime(  # type: ignore[union-attr]
        2026, 11, 5, 18, 30, tzinfo=UTC
    )  # 13 h 30 EST
    assert read_shift("+2 h").apply(before, TORONTO) == datetime(  # type: ignore[union-attr]
        2026, 10, 29, 19, 30, tzinfo=UTC
    )


def test_series_words() -> None:
    assert is_series_word("série") and is_series_word("Series")
    assert not is_series_word("#12")
