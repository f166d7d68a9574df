"""Message catalogs: one TOML file per feature and language under bot/i18n/<lang>/.

A key is ``<file stem>.<key>``: ``t("fr", "vocab.adopted", term="mobilisation")``.
French is the reference language; English falls back to French for a missing key
(the test suite checks that both catalogs have the same keys).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_ROOT = Path(__file__).parent


def _flatten(prefix: str, table: dict, out: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def catalog(language: str) -> dict[str, str]:
    """All messages of one language, keyed ``file.key``."""
    out: dict[str, str] = {}
    for path in sorted((_ROOT / language).glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(path.stem, tomllib.load(handle), out)
    return out


def normalise_language(language: str | None) -> str:
    """Map 'fr-CA', 'en_US', 'EN'… to a supported language code."""
    if language in LANGUAGES:
        return language
    code = (language or DEFAULT_LANGUAGE).lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def t(language: str | None, key: str, /, **params: object) -> str:
    """Translate ``key`` into ``language`` and fill in ``params`` (str.format syntax)."""
    lang = normalise_language(language)
    text = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key)
    if text is None:
        raise KeyError(f"missing message {key!r}")
    return text.format(**params) if params else text


def babel_locale(language: str | None) -> str:
    """The Babel locale used for dates and numbers: fr_CA or en_CA."""
    return "en_CA" if normalise_language(language) == "en" else "fr_CA"
