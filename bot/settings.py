"""Parsers and printers for workspace settings, shared by every feature's settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UserError
from bot.i18n import t
from bot.text import fold

_YES = {"oui", "yes", "on", "vrai", "true", "1", "o", "y"}
_NO = {"non", "no", "off", "faux", "false", "0", "n"}


def parse_bool(text: str) -> bool:
    word = fold(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise UserError("core.setting_bool", value=text[:60])


def show_bool(value: Any, language: str) -> str:
    return t(language, "core.yes" if value else "core.no")


def int_between(low: int, high: int) -> Callable[[str], int]:
    """A parser for a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise UserError("core.setting_int", value=text[:60], low=low, high=high) from None
        if not low <= number <= high:
            raise UserError("core.setting_int", value=text[:60], low=low, high=high)
        return number

    return parse


def show_plain(value: Any, language: str) -> str:
    return str(value)


def parse_language(text: str) -> str:
    word = fold(text)
    if word in {"fr", "francais", "french", "fr-ca"}:
        return "fr"
    if word in {"en", "anglais", "english", "en-ca"}:
        return "en"
    raise UserError("core.setting_language", value=text[:60])


def show_language(value: Any, language: str) -> str:
    return t(language, f"core.language_{value}")


def parse_timezone(text: str) -> str:
    name = text.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # « America » is a folder of zones
        raise UserError("core.setting_timezone", value=text[:60]) from None
    return name
