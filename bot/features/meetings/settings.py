"""Meeting settings: reminder offsets (rappels), quorum and meeting length (duree_rencontre)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from bot.errors import UserError
from bot.i18n import t
from bot.router import SettingSpec, registry
from bot.settings import int_between
from bot.text import fold

MAX_OFFSETS = 6
ECHO = 60  # characters of a refused value quoted back
MAX_OFFSET = timedelta(days=60)
_OFFSET = re.compile(
    r"^(\d{1,4})\s*"
    r"(sem|semaines?|w|weeks?|j|jours?|d|days?|h|heures?|hours?|min|minutes?|m)$"
)
_UNIT = {"s": "sem", "w": "sem", "j": "j", "d": "j", "h": "h", "m": "min"}
_SPAN = {
    "sem": timedelta(weeks=1),
    "j": timedelta(days=1),
    "h": timedelta(hours=1),
    "min": timedelta(minutes=1),
}
_LENGTH = re.compile(r"^(?:(\d{1,2})\s*h\s*(\d{1,2})?|(\d{1,3})\s*min)$")


def offset_of(label: str) -> timedelta:
    """« 7j » → 7 days (a canonical label as stored in the setting and job keys)."""
    match = re.match(r"^(\d+)(sem|j|h|min)$", label)
    if not match:
        raise ValueError(label)
    return int(match.group(1)) * _SPAN[match.group(2)]


def parse_offsets(text: str) -> str:
    """« 7 jours, 1j, 1 h » → « 7j,1j,1h » (longest first, no duplicates)."""
    labels: dict[timedelta, str] = {}
    for part in re.split(r"[,;]", fold(text)):
        part = part.strip()
        if not part:
            continue
        match = _OFFSET.match(part)
        if not match or int(match.group(1)) == 0:
            raise UserError("meetings.setting_rappels", value=text[:ECHO])
        label = f"{int(match.group(1))}{_UNIT[match.group(2)[0]]}"
        if match.group(2).startswith("sem"):
            label = f"{int(match.group(1))}sem"
        span = offset_of(label)
        if span > MAX_OFFSET:
            raise UserError("meetings.setting_rappels", value=text[:ECHO])
        labels[span] = label
    if not labels or len(labels) > MAX_OFFSETS:
        raise UserError("meetings.setting_rappels", value=text[:ECHO])
    return ",".join(labels[span] for span in sorted(labels, reverse=True))


def offsets(value: str) -> list[tuple[str, timedelta]]:
    """The stored setting as (label, offset) pairs, longest first."""
    return [(label, offset_of(label)) for label in value.split(",") if label]


def show_span(span: timedelta, language: str) -> str:
    """7 days → « 7 jours », 1 hour → « 1 heure », 90 minutes → « 1 h 30 »."""
    minutes = int(span.total_seconds() // 60)
    for unit, size in (("week", 7 * 24 * 60), ("day", 24 * 60), ("hour", 60)):
        if minutes % size == 0 and minutes >= size:
            count = minutes // size
            return t(language, f"meetings.unit.{unit}_{'one' if count == 1 else 'many'}", n=count)
    if minutes >= 60:
        return t(language, "meetings.unit.hours_minutes", h=minutes // 60, m=f"{minutes % 60:02d}")
    return t(language, f"meetings.unit.minute_{'one' if minutes == 1 else 'many'}", n=minutes)


def show_offsets(value: Any, language: str) -> str:
    return ", ".join(show_span(span, language) for _, span in offsets(str(value)))


def parse_length(text: str) -> int:
    """« 2h », « 1 h 30 », « 90 min » → minutes (15 min to 12 h)."""
    match = _LENGTH.match(fold(text).replace("heures", "h").replace("heure", "h"))
    if not match:
        raise UserError("meetings.setting_duree", value=text[:ECHO])
    if match.group(3):
        minutes = int(match.group(3))
    else:
        minutes = int(match.group(1)) * 60 + int(match.group(2) or 0)
    if not 15 <= minutes <= 12 * 60:
        raise UserError("meetings.setting_duree", value=text[:ECHO])
    return minutes


def show_length(value: Any, language: str) -> str:
    return show_span(timedelta(minutes=int(value)), language)


def show_quorum(value: Any, language: str) -> str:
    return str(value) if int(value) else t(language, "meetings.no_quorum")


registry.setting(
    SettingSpec(
        "rappels",
        "7j,1j,1h",
        parse_offsets,
        show_offsets,
        "meetings.setting_label_rappels",
        aliases=("reminders", "rappel"),
    )
)
registry.setting(
    SettingSpec(
        "quorum",
        0,
        int_between(0, 1000),
        show_quorum,
        "meetings.setting_label_quorum",
    )
)
registry.setting(
    SettingSpec(
        "duree_rencontre",
        120,
        parse_length,
        show_length,
        "meetings.setting_label_duree",
        aliases=("meeting_length", "duree"),
    )
)
