"""How polls are named: their message and job keys, button values, typed poll numbers."""

from __future__ import annotations

import re

from bot.errors import UserError
from storage.models import Job

_VALUE = re.compile(r"^(\d{1,9})(?::(\d{1,4}))?$")
_POLL_ID = re.compile(r"\s*(?:n[°o]\s*|#)?(\d{1,9})\s*")


def message_key(poll_id: int) -> str:
    """The key of a poll's channel message (updated in place)."""
    return f"polls.poll:{poll_id}"


def job_key(poll_id: int) -> str:
    """The key of a poll's jobs; the colon keeps « 1: » from matching « 12: »."""
    return f"{poll_id}:"


def poll_id_of(job: Job) -> int | None:
    """The poll a job's key names, or None when it names none."""
    head = job.key.split(":", 1)[0]
    return int(head) if head.isdecimal() else None


def read_value(value: str) -> tuple[int, int | None]:
    """An untrusted button value ``"12"`` or ``"12:3"``; UserError when malformed."""
    match = _VALUE.match(value or "")
    if not match:
        raise UserError("polls.bad_button")
    second = match.group(2)
    return int(match.group(1)), int(second) if second is not None else None


def read_poll_id(text: str, example: str) -> int:
    """A poll number typed by a person (« 12 » or « n° 12 »); the refusal shows ``example``
    (the command typed, with a number)."""
    match = _POLL_ID.fullmatch(text or "")
    if not match:
        raise UserError("polls.missing_id", example=example)
    return int(match.group(1))
