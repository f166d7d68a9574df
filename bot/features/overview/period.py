"""The fiscal year: its start (a setting, « 1er avril » by default) and the period of a bilan."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from bot.errors import UserError
from bot.text import fold
from bot.when_format import format_date_only, month_name

DEFAULT_START = "04-01"  # 1 April – 31 March, the PSOC year
REPORT_SEASON_MONTHS = 3  # after a year ends, its bilan is the default for this long
_CURRENT = {"en cours", "courant", "courante", "actuel", "actuelle", "current", "this"}
_PREVIOUS = {"precedent", "precedente", "dernier", "derniere", "previous", "last"}
_YEARS = re.compile(r"^(\d{4})(?:\s*[-/–]\s*(\d{2}|\d{4}))?$")


@cache
def _month_numbers() -> dict[str, int]:
    """Month names (French, English, English abbreviated) → number; read from the locale data
    the first time a start is written, not at import."""
    return {
        **{fold(month_name(m, "fr")): m for m in range(1, 13)},
        **{fold(month_name(m, "en")): m for m in range(1, 13)},
        **{fold(month_name(m, "en"))[:3]: m for m in range(1, 13)},
    }


@dataclass(frozen=True)
class FiscalYear:
    """From ``start`` (included) to ``end`` (excluded), local dates."""

    start: date
    end: date

    @property
    def label(self) -> str:
        """« 2025-2026 », or « 2025 » for a calendar year."""
        if self.start.year == self.end.year - 1 and (self.start.month, self.start.day) == (1, 1):
            return str(self.start.year)
        return f"{self.start.year}-{self.end.year}"


def parse_start(text: str) -> str:
    """« 1er avril », « April 1 », « 04-01 » → "04-01"; refuses a day the month lacks."""
    words = fold(text).replace("er ", " ").replace(",", " ").split()
    month = day = None
    names = _month_numbers()
    if len(words) == 1 and re.fullmatch(r"\d{1,2}-\d{1,2}", words[0]):
        month, day = (int(part) for part in words[0].split("-"))
    elif len(words) == 2:
        first, second = words
        if first.isdigit() and second in names:
            day, month = int(first), names[second]
        elif second.isdigit() and first in names:
            day, month = int(second), names[first]
    try:
        date(2001, month or 0, day or 0)
    except ValueError:
        raise UserError("overview.setting_fiscal_start", value=text[:60]) from None
    return f"{month:02d}-{day:02d}"


def show_start(value: Any, language: str) -> str:
    month, day = (int(part) for part in str(value).split("-"))
    return (
        format_date_only(date(2001, month, day), language)
        .removesuffix(" 2001")
        .removesuffix(", 2001")
    )


def year_starting(year: int, start: str) -> FiscalYear:
    month, day = (int(part) for part in start.split("-"))
    return FiscalYear(date(year, month, day), date(year + 1, month, day))


def current_year(today: date, start: str) -> FiscalYear:
    """The fiscal year ``today`` falls in."""
    this = year_starting(today.year, start)
    return this if today >= this.start else year_starting(today.year - 1, start)


def default_year(today: date, start: str) -> FiscalYear:
    """The year just ended during its report season (three months), else the current one."""
    current = current_year(today, start)
    months = (today.year - current.start.year) * 12 + today.month - current.start.month
    if months < REPORT_SEASON_MONTHS:
        return year_starting(current.start.year - 1, start)
    return current


def parse_period(text: str, today: date, start: str) -> FiscalYear:
    """« » (the default), « en cours », « précédent », « 2025 », « 2025-2026 »."""
    words = fold(text)
    if not words:
        return default_year(today, start)
    if words in _CURRENT:
        return current_year(today, start)
    if words in _PREVIOUS:
        return year_starting(current_year(today, start).start.year - 1, start)
    match = _YEARS.match(words)
    if match:
        first = int(match.group(1))
        second = match.group(2)
        if second is not None:
            ends = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
            if ends not in (first, first + 1):
                raise UserError("overview.bad_years", text=text[:40])
        if 2000 <= first <= 2100:
            return year_starting(first, start)
    raise UserError("overview.bad_period", text=text[:40])
