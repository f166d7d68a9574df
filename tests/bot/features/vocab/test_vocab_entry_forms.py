"""/vocab: an adopted definition shows how to contest it; « (équivalent anglais : …) » and
« (fr: …) » give the equivalent; a leading « l' » is not part of a new term; markup in a
term does not break the card."""

from __future__ import annotations

import pytest

from adapters.console import ConsoleChat

WORDS = {
    "fr": ("À discuter", "Proposer une autre définition", "Pas d'accord avec cette définition?"),
    "en": ("To discuss", "Propose another definition", "Disagree with this definition?"),
}


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_an_adopted_definition_offers_to_contest_it(chat: ConsoleChat, language) -> None:  # type: ignore[no-untyped-def]
    discuss, other, hint = WORDS[language]
    await chat.type(
        ":moi Coco", f"/outarde config langue {language}", "/outarde config seuil_vocab 1"
    )
    await chat.type(":moi Alice", "/vocab proposer mobilisation : agir ensemble")
    out = await chat.type(":moi Bruno", "/vocab mobilisation")
    assert hint in out and discuss in out
    assert other in out
    out = await chat.type(f":clic {chat.last_buttons(discuss)[-1]}")
    assert "n° 1" in out or "#1" in out
    out = await chat.type("/vocab discuter" if language == "fr" else "/vocab discuss")
    assert "mobilisation" in out
    await chat.type(":moi Bruno", "/vocab mobilisation")
    await chat.type(
        f":clic {chat.last_buttons(other)[-1]}", "", "se mobiliser pour une cause", "", "", ""
    )
    out = await chat.type(
        "/vocab historique mobilisation" if language == "fr" else "/vocab history mobilisation"
    )
    assert "se mobiliser pour une cause" in out


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("typed", "french", "english"),
    [
        ("concertation (équivalent anglais : collaboration)", "concertation", "collaboration"),
        ("collaboration (fr: concertation)", "concertation", "collaboration"),
        ("collaboration (french: concertation)", "concertation", "collaboration"),
    ],
)
async def test_the_equivalent_in_parentheses(
    chat: ConsoleChat, language, typed, french, english
) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    verb = "proposer" if language == "fr" else "propose"
    out = await chat.type(f"/vocab {verb} {typed} : agir ensemble")
    assert "parenth" not in out
    shown = f"{french} (anglais : {english})" if language == "fr" else f"{french} (en: {english})"
    assert shown in out


@pytest.mark.parametrize(
    ("language", "offer"),
    [("fr", "Proposer « intersectorialité »"), ("en", "Propose “intersectorialité”")],
)
async def test_a_leading_article_is_left_out_of_a_new_term(
    chat: ConsoleChat, language, offer
) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    out = await chat.type("/vocab l'intersectorialité")
    assert offer in out
    verb = "proposer" if language == "fr" else "propose"
    out = await chat.type(f"/vocab {verb} L’Intersectorialité : travailler entre secteurs")
    assert "· Intersectorialité —" in out and "L’Intersectorialité" not in out


async def test_markup_in_a_term_does_not_break_the_card(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/outarde config seuil_vocab 1")
    out = await chat.type("/vocab proposer *concertation : agir ensemble")
    assert "Proposition n° 1 · *concertation — adoptée" in out
    assert "**concertation" not in out and "*Proposition n° 1" not in out
    assert "Définition adoptée par la table : *concertation (proposition" in out
