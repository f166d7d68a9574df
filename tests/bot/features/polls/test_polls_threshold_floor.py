"""``seuil_anonymat`` below 3 is refused with the reason, in both languages."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("language", "refusal", "example"),
    [
        ("fr", "Le seuil d'anonymat doit être d'au moins 3", "`/outarde config seuil_anonymat 3`"),
        ("en", "The anonymity threshold must be at least 3", "`/outarde config"),
    ],
)
async def test_a_threshold_of_two_is_refused_with_the_reason(
    chat, language, refusal, example
) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    for value in ("2", "1", "0"):
        out = await chat.type(f"/outarde config seuil_anonymat {value}")
        assert refusal in out and example in out
    out = await chat.type("/outarde config")
    assert "seuil_anonymat" in out or "anonymity" in out
    assert "3" in out
    out = await chat.type("/outarde config seuil_anonymat 3")
    assert refusal not in out
