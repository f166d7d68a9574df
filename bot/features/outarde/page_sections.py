"""Which sections the table's public page shows: pure, the setting's value in and out."""

from __future__ import annotations

from bot.ctx import Ctx
from bot.errors import UserError
from bot.text import fold

SETTING = "page_sections"
# key → the words that name it; the order of the listing
KNOWN: dict[str, tuple[str, ...]] = {
    "rencontres": ("rencontres", "rencontre", "meetings"),
    "vocabulaire": ("vocabulaire", "glossaire", "vocab", "glossary"),
    "recolte": ("recolte", "faits", "highlights", "harvest"),
    "partenaires": ("partenaires", "carte", "partners", "map"),
    "sondages": ("sondages", "sondage", "polls"),
    "decisions": ("decisions", "decision"),
}
DEFAULT = "rencontres,vocabulaire"  # what a page showed before it had a choice


def key_of(word: str) -> str | None:
    word = fold(word).strip()
    return next((key for key, words in KNOWN.items() if word in words), None)


def enabled(value: object) -> set[str]:
    return {key for key in str(value if value is not None else DEFAULT).split(",") if key}


def toggled(shown: set[str], key: str, *, on: bool) -> str:
    keys = (shown | {key}) if on else (shown - {key})
    return ",".join(k for k in KNOWN if k in keys)


def parse(text: str) -> str:
    """« rencontres, recolte » → ``"rencontres,recolte"``; « aucune » → ``""``."""
    words = [w for w in fold(text).replace(",", " ").split() if w not in ("aucune", "none")]
    keys = [key_of(word) for word in words]
    if any(key is None for key in keys):
        raise UserError("outarde.page_bad_sections", value=text[:60], names=names())
    return ",".join(k for k in KNOWN if k in keys)


def show(value: object, language: str) -> str:
    return ", ".join(sorted(enabled(value), key=list(KNOWN).index)) or (
        "none" if language == "en" else "aucune"
    )


def names() -> str:
    return ", ".join(KNOWN)


def listing(ctx: Ctx, shown: set[str]) -> str:
    """One line per section, shown or not, and how to switch one."""
    lines = [ctx.t("outarde.page_sections_title")]
    for key in KNOWN:
        mark = "✅" if key in shown else "⬜"
        lines.append(f"{mark} `{key}` — {ctx.t(f'outarde.page_section_{key}')}")
    lines.append(ctx.t("outarde.page_sections_hint"))
    return "\n".join(lines)
