"""Meeting settings read and shown: reminder offsets (rappels), quorum, meeting length."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from bot.errors import UserError
from bot.features.meetings.attendance import quorum_mode as read_quorum_mode
from bot.i18n import t
from bot.text import fold, harmless

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
NO_REMINDERS = {"aucun", "aucuns", "none", "no", "non", "0"}
# « 2 h », « 1 h 30 », « 1h30 », « 1,5 h », « 1 h 30 min » (words already shortened)
_HOURS = re.compile(r"^(\d{1,2})(?:[.,](\d{1,2}))?\s*h(?:\s*(\d{1,2})(?:\s*min)?)?$")
_MINUTES = re.compile(r"^(\d{1,3})\s*min$")
_UNIT_WORDS = (("heures", "h"), ("heure", "h"), ("hours", "h"), ("hour", "h"))
_UNIT_WORDS += (("minutes", "min"), ("minute", "min"), ("mins", "min"))


def offset_of(label: str) -> timedelta:
    """« 7j » → 7 days (a canonical label as stored in the setting and job keys)."""
    match = re.match(r"^(\d+)(sem|j|h|min)$", label)
    if not match:
        raise ValueError(label)
    return int(match.group(1)) * _SPAN[match.group(2)]


def parse_offsets(text: str) -> str:
    """« 7 jours, 1j, 1 h » → « 7j,1j,1h » (longest first, no duplicates); « aucun » → « »."""
    if fold(text) in NO_REMINDERS:
        return ""
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


def show_units(count: int, unit: str, language: str) -> str:
    """« 1 jour », « 7 jours » (``unit``: week, day, hour or minute)."""
    return t(language, f"meetings.unit.{unit}_{'one' if count == 1 else 'many'}", n=count)


def show_span(span: timedelta, language: str) -> str:
    """7 days → « 7 jours », 1 hour → « 1 heure », 90 minutes → « 1 h 30 »."""
    minutes = int(span.total_seconds() // 60)
    for unit, size in (("week", 7 * 24 * 60), ("day", 24 * 60), ("hour", 60)):
        if minutes % size == 0 and minutes >= size:
            return show_units(minutes // size, unit, language)
    if minutes >= 60:
        return t(language, "meetings.unit.hours_minutes", h=minutes // 60, m=f"{minutes % 60:02d}")
    return show_units(minutes, "minute", language)


def show_span_label(label: str, language: str) -> str:
    """« 7j » → « 7 jours » (in the unit the workspace chose), « 1h » → « 1 heure »."""
    try:
        offset_of(label)
    except ValueError:
        return label
    number = int("".join(ch for ch in label if ch.isdigit()))
    unit = {"sem": "week", "j": "day", "h": "hour", "min": "minute"}[label.lstrip("0123456789")]
    return show_units(number, unit, language)


def show_offsets(value: Any, language: str) -> str:
    shown = ", ".join(show_span(span, language) for _, span in offsets(str(value)))
    return shown or t(language, "core.none")


def parse_length(text: str) -> int:
    """« 2 heures », « 1 h 30 », « 1h30 », « 1,5 h », « 90 minutes » → minutes (15 min to 12 h)."""
    minutes = length_minutes(text)
    if minutes is None or not 15 <= minutes <= 12 * 60:
        raise UserError("meetings.setting_duree", value=text[:ECHO])
    return minutes


def length_minutes(text: str) -> int | None:
    """The minutes a length stands for; None when it is not a length."""
    text = fold(text)
    for word, unit in _UNIT_WORDS:
        text = text.replace(word, unit)
    if match := _MINUTES.match(text):
        return int(match.group(1))
    match = _HOURS.match(text)
    if match is None or (match.group(2) and match.group(3)):  # « 1,5 h 30 »
        return None
    hours, fraction, extra = match.group(1), match.group(2), match.group(3)
    minutes = int(hours) * 60 + round(float(f"0.{fraction or 0}") * 60) + int(extra or 0)
    return None if extra and int(extra) >= 60 else minutes


def show_length(value: Any, language: str) -> str:
    return show_span(timedelta(minutes=int(value)), language)


def show_quorum(value: Any, language: str) -> str:
    return str(value) if int(value) else t(language, "meetings.no_quorum")


def parse_quorum_mode(text: str) -> str:
    """« organismes » (one voice per organisation) or « personnes » (each person there)."""
    mode = read_quorum_mode(text)
    if mode is None:
        raise UserError("meetings.setting_quorum_par", value=text[:ECHO])
    return mode


def show_quorum_mode(value: Any, language: str) -> str:
    return t(language, f"meetings.quorum_mode.{value}")


MAX_TEMPLATE_POINTS, MAX_TEMPLATE_POINT = 12, 300


def template_points(value: str) -> list[str]:
    """The stored agenda template as its points."""
    return [point.strip() for point in value.split(";") if point.strip()]


def parse_template(text: str) -> str:
    """« Mot de bienvenue; Adoption de l'ordre du jour; Varia » → the points, ``;``-separated
    (« aucun » clears the template)."""
    if fold(text) in NO_REMINDERS:
        return ""
    points = template_points(text)
    if not points or len(points) > MAX_TEMPLATE_POINTS:
        raise UserError("meetings.setting_odj_modele", value=text[:ECHO])
    if any(len(point) > MAX_TEMPLATE_POINT for point in points):
        raise UserError("meetings.setting_odj_modele", value=text[:ECHO])
    return "; ".join(harmless(point) for point in points)  # « @channel » pings nobody


def show_template(value: Any, language: str) -> str:
    return str(value) if str(value).strip() else t(language, "core.none")
