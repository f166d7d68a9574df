"""The settings the core itself reads: the workspace's language and time zone."""

from __future__ import annotations

from bot.router import Router, SettingSpec
from bot.settings import (
    parse_bool,
    parse_language,
    parse_timezone,
    show_bool,
    show_language,
    show_plain,
)

DEFAULT_TIMEZONE = "America/Toronto"  # Québec's time zone
LANGUAGE, TIMEZONE, PERSONAL_LANGUAGE = "langue", "fuseau", "langue_personnelle"

CORE_SETTINGS = (
    SettingSpec(
        LANGUAGE,
        "fr",
        parse_language,
        show_language,
        "outarde.setting_langue",
        aliases=("language", "lang"),
    ),
    SettingSpec(
        TIMEZONE,
        DEFAULT_TIMEZONE,
        parse_timezone,
        show_plain,
        "outarde.setting_fuseau",
        aliases=("timezone", "tz", "fuseau_horaire"),
    ),
    SettingSpec(
        PERSONAL_LANGUAGE,
        True,
        parse_bool,
        show_bool,
        "outarde.setting_langue_personnelle",
        aliases=("personal_language",),
    ),
)


def install(router: Router) -> None:
    """Declare the core's settings on ``router`` (before any feature's)."""
    for spec in CORE_SETTINGS:
        router.setting(spec)
