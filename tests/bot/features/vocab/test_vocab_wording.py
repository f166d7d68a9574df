"""/vocab wording: counts in the singular, French elision, user text inside our markup."""

from __future__ import annotations

from datetime import timedelta

from adapters.console import ConsoleChat
from testkit.doubles import Answers


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


async def test_a_coordinators_adoption_settles_earlier_objections(chat: ConsoleChat, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(
        ":moi Coco", "/vocab liste", ":moi Alice", "/vocab proposer mobilisation : agir"
    )
    await chat.type(":moi Dan", f":clic {chat.last_buttons('Je m' + chr(39) + 'objecte')[-1]}", "")
    out = await chat.type("/vocab discuter")
    assert "n° 1 *mobilisation* — proposition à discuter" in out
    out = await chat.type(":moi Coco", "/vocab adopter mobilisation", "/vocab discuter")
    assert "Aucun terme à discuter pour l'instant." in out
    out = await chat.type("/vocab historique mobilisation")
    assert "n° 1 · mobilisation* — adoptée" in out
    clock.advance(timedelta(minutes=5))
    await chat.type(":moi Eve", f":clic {chat.last_buttons('À discuter')[-1]}")
    out = await chat.type("/vocab discuter")
    assert "n° 1 *mobilisation* — définition adoptée remise en question" in out


async def test_french_wording_of_objections_and_adoptions(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/vocab liste", ":moi Alice", "/vocab proposer veille : suivre")
    out = await chat.type(
        ":moi Eve", f":clic {chat.last_buttons('Je m' + chr(39) + 'objecte')[-1]}", ""
    )
    assert "✋ Objection d'Eve (sans raison donnée)" in out
    out = await chat.type(":moi Coco", "/vocab adopter veille")
    assert "par Coco au nom de la coordination" in out
    await chat.type("/outarde config seuil_vocab 1", "/vocab proposer relance : suivre")
    out = await chat.type("/vocab relance")
    assert "adoptée le mardi 6 octobre 2026, seuil d'appuis atteint" in out


async def test_user_markup_stays_text_in_lists_and_files(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/outarde config seuil_vocab 1")
    await chat.type("/vocab proposer *gras* : un _mot_ | exemple : voir #3")
    out = await chat.type("/vocab liste")
    assert "• *gras* — un _mot_" in out and "**gras**" not in out
    answers = Answers()
    await chat.app.command(chat.invocation(), "vocab", "exporter", answers)
    files = {f.name: f.data.decode("utf-8-sig") for f in answers.sent[0].files}
    assert "## \\*gras\\*" in files["lexique.md"] and "un \\_mot\\_" in files["lexique.md"]
    assert "- Exemple : voir \\#3" in files["lexique.md"]


async def test_history_and_card_give_the_same_status(chat: ConsoleChat) -> None:
    objecte = "Je m" + chr(39) + "objecte"
    await chat.type(
        ":moi Coco", "/vocab liste", ":moi Alice", "/vocab proposer mobilisation : agir"
    )
    await chat.type(":moi Bruno", "/vocab proposer mobilisation : rassembler le milieu")
    out = await chat.type(":moi Dan", f":clic {chat.last_buttons(objecte)[-1]}", "")
    assert "Proposition n° 2 · mobilisation — à discuter*" in out
    out = await chat.type("/vocab historique mobilisation")
    assert "n° 1 · mobilisation* — en discussion" in out
    assert "n° 2 · mobilisation* — à discuter" in out
    out = await chat.type(":moi Eve", "/vocab proposer mobilisation : agir ensemble")
    assert "Autres définitions de « mobilisation » : n° 1 (en discussion), n° 2 (à discuter)" in out


async def click(chat: ConsoleChat, label: str, *then: str) -> str:
    """Press the latest button labelled ``label`` (and answer its form, if any)."""
    return await chat.type(f":clic {chat.last_buttons(label)[-1]}", *then)


async def test_a_withdrawal_names_what_is_withdrawn(chat: ConsoleChat) -> None:
    withdraw = "Retirer mon avis"
    await chat.type(
        ":moi Coco", "/vocab liste", ":moi Alice", "/vocab proposer mobilisation : agir"
    )
    await chat.type(":moi Dan")
    await click(chat, "Je m" + chr(39) + "objecte", "")
    out = await click(chat, withdraw)
    assert "Votre objection à la proposition n° 1 (mobilisation) est retirée." in out
    await click(chat, "J" + chr(39) + "appuie")
    out = await click(chat, withdraw)
    assert "Votre appui à la proposition n° 1 (mobilisation) est retiré." in out
    await click(chat, "À discuter")
    out = await click(chat, withdraw)
    assert (
        "Votre demande de discuter la proposition n° 1 (mobilisation) en rencontre est retirée."
        in out
    )
    await chat.type(":moi Coco", "/outarde config langue en", ":moi Dan", "/vocab mobilisation")
    await click(chat, "I object", "")
    out = await click(chat, "Withdraw my response")
    assert "Your objection to proposal #1 (mobilisation) is withdrawn." in out
