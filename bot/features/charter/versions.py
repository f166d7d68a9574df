"""A charter's text as typed, and the states of its versions."""

from __future__ import annotations

from bot.errors import UserError
from bot.text import clean, harmless, has_mass_mention

DRAFT = "proposee"  # the open draft: at most one
AMENDED = "amendee"  # a later version of the draft replaced it
ADOPTED = "adoptee"  # the charter in force: at most one
REPLACED = "remplacee"  # a newer version was adopted
WITHDRAWN = "retiree"  # the draft was withdrawn

MAX_TEXT = 4000
MIN_TEXT = 20


def checked_text(text: str, example_key: str) -> str:
    """The charter's text, cleaned and unable to ping; refuses empty, short, long, mass pings."""
    text = clean(text)
    if not text:
        raise UserError("charter.missing_text", example=example_key)
    if has_mass_mention(text):
        raise UserError("charter.no_mentions")
    if len(text) > MAX_TEXT:
        raise UserError("charter.text_too_long", limit=MAX_TEXT, length=len(text))
    if len(text) < MIN_TEXT or not any(character.isalpha() for character in text):
        raise UserError("charter.text_too_short", minimum=MIN_TEXT)
    return harmless(text)
