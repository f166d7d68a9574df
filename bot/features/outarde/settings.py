"""What /outarde config reads: a setting's new value (its example a full command), coordinators."""

from __future__ import annotations

from typing import Any

from bot.errors import UserError
from bot.router import SettingSpec

COORDINATOR_WORDS = (
    "coordo",
    "coordination",
    "coordinators",
    "coordinateurs",
    "coordonnateurs",
    "coordonnatrices",
    "coordinator",
    "coordonnateur",
    "coordonnatrice",
)
ADD = {"ajouter", "add"}
REMOVE = {"retirer", "remove", "enlever"}


def setting_command(spec: SettingSpec, language: str) -> str:
    """The command that changes ``spec``, without its value."""
    return f"/outarde config {spec.word(language)}"


def parse_setting(spec: SettingSpec, text: str, language: str) -> Any:
    """The value of ``text`` for ``spec``; a refusal gives its example as a full command."""
    try:
        return spec.parse(text)
    except UserError as error:
        command = setting_command(spec, language)
        raise UserError(error.key, **error.params, command=command) from None


def example_command(spec: SettingSpec, language: str) -> str:
    """A full command giving ``spec`` a value it accepts: its default, as shown or as stored."""
    candidates = [spec.show(spec.default, language), str(spec.default)]
    value = next((text for text in candidates if _accepted(spec, text)), candidates[0])
    return f"{setting_command(spec, language)} {value}"


def _accepted(spec: SettingSpec, text: str) -> bool:
    try:
        spec.parse(text)
    except UserError:
        return False
    return True
