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


ENDORSE = "appui"
OBJECT = "objection"
STANCES = (ENDORSE, OBJECT)
MAX_REASON = 500

# The steps of a version's history (table charterstep), besides the states above
PROPOSED = "proposee"
UNSTANCED = "retrait"  # a person withdrew their endorsement or objection
REACHED = "seuil"  # the threshold was reached while another version is in force


def version_number(text: str) -> int | None:
    """The version number a person typed (« 3 », « #3 », « n° 3 », « v3 »), None if none."""
    word = text.strip().lower().removeprefix("n°").removeprefix("no").strip()
    word = word.lstrip("#v").strip()
    if word.isdecimal() and len(word) < 7:
        return int(word)
    return None


def checked_reason(text: str) -> str | None:
    """An objection's optional reason, cleaned and unable to ping."""
    text = clean(text)
    if not text:
        return None
    if has_mass_mention(text):
        raise UserError("charter.no_mentions")
    if len(text) > MAX_REASON:
        raise UserError("charter.reason_too_long", limit=MAX_REASON, length=len(text))
    return harmless(text)
