"""Poll settings: the anonymity threshold and the evaluation criteria."""

from __future__ import annotations

import re
from typing import Any

from bot.errors import UserError
from bot.features.polls.feature import feature
from bot.i18n import t
from bot.router import SettingSpec
from bot.settings import int_between, show_plain
from bot.text import clean, fold, harmless, has_mass_mention

MAX_CRITERIA = 4  # a Discord form holds 5 fields: the criteria and the comment
MAX_CRITERION = 45  # the label of its field in a Discord form


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
    return t(language, "polls.default_criteria").split(" | ")


def criteria_for(value: Any, language: str) -> list[str]:
    """The criteria in force: the setting (its first ``MAX_CRITERIA``, for lists stored when
    more were allowed), else the defaults in the workspace's language."""
    return list(value)[:MAX_CRITERIA] if value else default_criteria(language)


def show_criteria(value: Any, language: str) -> str:
    return ", ".join(criteria_for(value, language))


feature.setting(
    SettingSpec(
        "seuil_anonymat",
        3,
        int_between(2, 50),
        show_plain,
        "polls.setting_seuil_anonymat",
        aliases=("anonymity_threshold", "seuil_anonyme"),
    )
)
feature.setting(
    SettingSpec(
        "criteres",
        None,
        parse_criteria,
        show_criteria,
        "polls.setting_criteres",
        aliases=("criteria", "critères"),
    )
)
