"""The weekly digest's moment (« lundi 9 h », "monday 9:00", « aucun »): pure."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, tzinfo

from bot.errors import UserError
from bot.text import fold
from bot.when_words import WEEKDAYS

OFF = ("", "aucun", "aucune", "non", "off", "none", "no")
TIME = re.compile(r"(\d{1,2})\s*(?:h|:)\s*(\d{2})?|(\d{1,2})")
DAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def parse_schedule(text: str) -> str:
    """« lundi 9 h 30 » → ``"0 09:30"`` (weekday, time); « aucun » → ``""``."""
    words = fold(text).strip()
    if words in OFF:
        return ""
    day, _, rest = words.partition(" ")
    match = TIME.fullmatch(rest.replace(" ", "")) if rest else None
    if day not in WEEKDAYS or match is None:
        raise UserError("outarde.schedule_bad", value=text[:60])
    hour = int(match.group(1) or match.group(3))
    minute = int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise UserError("outarde.schedule_bad", value=text[:60])
    return f"{WEEKDAYS[day]} {hour:02d}:{minute:02d}"


def show_schedule(value: object, language: str) -> str:
    text = str(value or "")
    if not text:
        return "none" if language == "en" else "aucun"
    day, _, at = text.partition(" ")
    hour, minute = at.split(":")
    if language == "en":
        return f"{DAYS_EN[int(day)]} {hour}:{minute}"
    return f"{DAYS_FR[int(day)]} {int(hour)} h" + (f" {minute}" if minute != "00" else "")


def next_time(value: str, now: datetime, zone: tzinfo) -> datetime | None:
    """The next moment after ``now`` the schedule names, in the workspace's zone; None: off."""
    if not value:
        return None
    day, _, at = value.partition(" ")
    hour, minute = (int(part) for part in at.split(":"))
    local = now.astimezone(zone)
    ahead = (int(day) - local.weekday()) % 7
    candidate = datetime.combine(local.date() + timedelta(days=ahead), time(hour, minute), zone)
    if candidate <= local:
        candidate = datetime.combine(
            local.date() + timedelta(days=ahead + 7), time(hour, minute), zone
        )
    return candidate.astimezone(now.tzinfo)
