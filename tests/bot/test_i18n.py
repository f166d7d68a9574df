"""Catalogs: French and English have the same keys, and every key the code uses exists."""

from __future__ import annotations

import re

import pytest

from bot.i18n import catalog, normalise_language, t
from testkit.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
# t(..., "feature.key") / ctx.t("feature.key") / UserError("feature.key") with a literal key
KEY_USE = re.compile(
    r"""(?:\bt\(\s*[\w.]+\s*,\s*|\.t\(\s*|(?:UserError|NotAllowed|NotFound)\(\s*)["']([a-z_]+\.[\w.]+)["']"""
)


def test_french_and_english_have_the_same_keys() -> None:
    french, english = set(catalog("fr")), set(catalog("en"))
    assert french - english == set(), "missing in English"
    assert english - french == set(), "missing in French"


def test_english_needs_no_placeholder_french_lacks() -> None:
    """Callers fill the French placeholders; English may use fewer, never others."""
    names = re.compile(r"{(\w+)")
    french = catalog("fr")
    for key, text in catalog("en").items():
        assert set(names.findall(text)) <= set(names.findall(french[key])), key


def test_every_literal_key_in_the_code_exists() -> None:
    keys = set(catalog("fr"))
    missing = []
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("adapters/**/*.py")]:
        for key in KEY_USE.findall(path.read_text(encoding="utf-8")):
            if key not in keys and not key.endswith("."):
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert missing == []


def test_every_command_has_help_in_both_languages() -> None:
    from bot.compose import build_router

    registry = build_router()

    for command in registry.commands.values():
        for sub in command.subcommands.values():
            for language in ("fr", "en"):
                assert t(language, f"{sub.help}.summary")
                assert t(language, f"{sub.help}.example").startswith(f"/{command.name}")


def test_language_codes_are_normalised() -> None:
    assert normalise_language("fr-CA") == "fr"
    assert normalise_language("en_US") == "en"
    assert normalise_language("de") == "fr"
    assert normalise_language(None) == "fr"


def test_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("fr", "nothing.here")
