"""/vocab wording: counts in the singular, French elision, user text inside our markup."""

from __future__ import annotations

from adapters.console import ConsoleChat


async def adopted_once(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/outarde config seuil_vocab 1")
    await chat.type("/vocab proposer concertation : agir ensemble")


async def test_one_term_and_one_definition_in_the_singular(chat: ConsoleChat) -> None:
    await adopted_once(chat)
    out = await chat.type("/vocab liste", "/vocab exporter")
    assert "Lexique commun de la table (1 terme)" in out
    assert "Voici le lexique commun (1 définition adoptée)" in out
    await chat.type("/outarde config langue en")
    out = await chat.type("/vocab liste", "/vocab exporter")
    assert "The table's shared glossary (1 term)" in out
    assert "(1 adopted definition)" in out
