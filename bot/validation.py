"""Checks every feature applies to what people type, with messages in their language."""

from __future__ import annotations

from bot.errors import FormInvalid, UserError
from bot.text import clean, harmless, has_mass_mention


def checked_text(
    text: str,
    *,
    limit: int,
    empty_key: str,
    too_long_key: str = "core.too_long",
    allow_mass_mention: bool = False,
) -> str:
    """Clean ``text`` and refuse it when empty, over ``limit`` or pinging everyone.

    Returns the text with any remaining mention made harmless, ready to store and show.
    ``too_long_key`` names a feature's own message (it receives ``length`` and ``limit``).
    """
    text = clean(text)
    if not text:
        raise UserError(empty_key)
    if len(text) > limit:
        raise UserError(too_long_key, length=len(text), limit=limit)
    if has_mass_mention(text) and not allow_mass_mention:
        raise UserError("core.no_mass_mention")
    return harmless(text)


def checked_form(
    values: dict[str, str], limits: dict[str, int], required: set[str]
) -> dict[str, str]:
    """Clean every field of a form; raise FormInvalid with one message per bad field."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    cleaned: dict[str, str] = {}
    for name, limit in limits.items():
        value = clean(values.get(name, ""))
        if not value and name in required:
            errors[name] = ("core.form_required", {})
        elif len(value) > limit:
            errors[name] = ("core.form_too_long", {"limit": limit})
        elif has_mass_mention(value):
            errors[name] = ("core.no_mass_mention", {})
        cleaned[name] = harmless(value)
    if errors:
        raise FormInvalid(errors)
    return cleaned
