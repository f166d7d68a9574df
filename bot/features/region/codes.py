"""Join codes and the words typed after /outarde region: pure."""

from __future__ import annotations

import secrets

from bot.errors import UserError
from bot.text import clean, fold, harmless

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no O/0, no I/1: read aloud, typed by hand
CODE_LENGTH = 8
NAME_LIMIT = 120
ANNOUNCE_LIMIT = 2000


def new_code() -> str:
    """A join code such as « RGN-7KQ2-MX4P »: 40 bits, random."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"RGN-{raw[:4]}-{raw[4:]}"


def read_code(text: str) -> str:
    """The code as stored, from what a person typed (case, spaces and dashes forgiven)."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    letters = letters.removeprefix("RGN")
    if len(letters) != CODE_LENGTH or any(ch not in ALPHABET for ch in letters):
        raise UserError("region.bad_code")
    return f"RGN-{letters[:4]}-{letters[4:]}"


def checked_name(text: str) -> str:
    name = harmless(" ".join(clean(text).split()))
    if not name:
        raise UserError("region.name_missing")
    if len(name) > NAME_LIMIT:
        raise UserError("region.name_too_long", limit=NAME_LIMIT)
    return name


def checked_announcement(text: str) -> str:
    announcement = harmless(clean(text).strip())
    if not announcement:
        raise UserError("region.announce_missing")
    if len(announcement) > ANNOUNCE_LIMIT:
        raise UserError("region.announce_too_long", limit=ANNOUNCE_LIMIT)
    return announcement


def theme_of(text: str) -> tuple[str, str]:
    """(key, label) of a theme typed « #emploi » or « emploi »; the key as highlights fold it."""
    label = " ".join(clean(text).lstrip("#").split())
    if not label or len(label) > 60 or " " in label:
        raise UserError("region.bad_theme")
    return fold(label), harmless(label)
