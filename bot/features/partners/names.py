"""Organisation names and sectors as typed: split, checked, compared."""

from __future__ import annotations

import re

from bot.errors import UserError
from bot.text import clean, fold, has_mass_mention, split_args
from storage.models.partners import Organisation

MAX_NAME = 120
MAX_SECTOR = 80


SECTOR_SEPARATOR = re.compile(
    r"(?:^|\s+)/(?:\s+|$)"  # « CDC / communautaire »; « 24/7 » stays in a name
    r"|(?:^|\s+)(?:secteur|sector)\s*:\s*",  # « CDC secteur : communautaire »
    re.IGNORECASE,
)
AMBIGUOUS_MARKS = (";", "|")


def split_organisation(text: str) -> tuple[str, str | None]:
    """« CDC des Collines / communautaire », « CDC des Collines secteur: communautaire » or
    « "CDC des Collines" communautaire ». Nothing else separates: a « ; » or « | » stays in
    the name (the confirmation shows both parts, and says how to give a sector)."""
    text = clean(text)
    separator = SECTOR_SEPARATOR
    if re.search(separator, text):
        parts = re.split(separator, text, maxsplit=1)
        return parts[0].strip(), (parts[1].strip() or None) if len(parts) > 1 else None
    if text.startswith(('"', "«", "“")):
        words = split_args(text)
        if words:
            return words[0], " ".join(words[1:]) or None
    return text, None


def check_name(name: str, sector: str | None, example: str) -> None:
    """Refuse a missing, too long or wordless name or sector (« / », « -- »); ``example`` is
    the command to show (that of the subcommand typed)."""
    if not name:
        raise UserError("partners.missing_organisation", example=example)
    for text in (name, sector or "x"):
        if not any(character.isalnum() for character in text):
            raise UserError("partners.wordless_name", name=text[:MAX_NAME], example=example)
    if len(name) > MAX_NAME:
        raise UserError("partners.name_too_long", limit=MAX_NAME)
    if sector and len(sector) > MAX_SECTOR:
        raise UserError("partners.sector_too_long", limit=MAX_SECTOR)
    if has_mass_mention(name) or has_mass_mention(sector or ""):
        raise UserError("partners.no_mentions")


def ambiguous(name: str) -> bool:
    """True when a name holds a mark someone may have meant as a separator (« ; », « | »)."""
    return any(mark in name for mark in AMBIGUOUS_MARKS)


def other_sector(organisation: Organisation, sector: str | None) -> bool:
    """True when ``sector`` was typed but is not the organisation's sector."""
    return bool(sector) and fold(sector or "") != fold(organisation.sector or "")


def moves_away(before: str | None, organisation: Organisation) -> bool:
    """True when someone who represented ``before`` now represents another organisation."""
    return bool(before) and fold(before or "") != organisation.name_key
