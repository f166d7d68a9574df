"""Poll settings: reading and showing the evaluation criteria (declared in commands)."""

from __future__ import annotations

import re
from typing import Any

from bot.errors import UserError
from bot.i18n import t
from bot.settings import int_between
from bot.text import clean, fold, harmless, has_mass_mention

MAX_CRITERIA = 4  # a Discord form holds 5 fields: the criteria and the comment
MAX_CRITERION = 45  # the label of its field in a Discord form
MIN_ANONYMITY, MAX_ANONYMITY = 3, 50  # with 2 answers, each person can work out the other's


def parse_anonymity_threshold(text: str) -> int:
    """``seuil_anonymat``: a whole number from 3 to 50; below 3 is refused with the reason."""
    try:
        too_low = int(text.strip()) < MIN_ANONYMITY
    except ValueError:
        too_low = False
    if too_low:
        raise UserError("polls.anonymity_too_low", low=MIN_ANONYMITY)
    return int_between(MIN_ANONYMITY, MAX_ANONYMITY)(text)


def parse_criteria(text: str) -> list[str] | None:
    """« utilité, climat, animation » → a list; « défaut » → None (the catalog's defaults)."""
    if fold(text) in {"defaut", "default", "defauts"}:
        return None
    names = [clean(part) for part in re.split(r"[,;\n]", text) if clean(part)]
    if not names or len(names) > MAX_CRITERIA:
        raise UserError("polls.criteria_count", limit=MAX_CRITERIA)
    seen: set[str] = set()
    for name in names:
        if len(name) > MAX_CRITERION:
            raise UserError(
                "polls.criterion_too_long",
                name=harmless(name[:30].rstrip()) + "…",
                length=len(name),
                limit=MAX_CRITERION,
            )
        if fold(name) in seen:
            raise UserError("polls.duplicate_criterion", name=harmless(name))
        if has_mass_mention(name):
            raise UserError("core.no_mass_mention")
        seen.add(fold(name))
    return [harmless(name) for name in names]


def default_criteria(language: str) -> list[str]:
    """The catalog's criteria in ``language``."""
    return t(language, "polls.default_criteria").split(" | ")


def criteria_for(value: Any, language: str) -> list[str]:
    """The criteria in force: the setting (its first ``MAX_CRITERIA``, for lists stored when
    more were allowed), else the defaults in the workspace's language."""
    return list(value)[:MAX_CRITERIA] if value else default_criteria(language)


def show_criteria(value: Any, language: str) -> str:
    """The criteria in force, as /outarde config shows them."""
    return ", ".join(criteria_for(value, language))
