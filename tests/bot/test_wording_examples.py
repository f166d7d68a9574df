"""Québec wording: examples given in messages work as written; elision; coordination words."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from adapters.console import ConsoleChat
from bot.clock import ManualClock

START = datetime(2026, 10, 6, 18, 0, tzinfo=UTC)  # mardi 6 octobre 2026, 14 h à Toronto


def last_example(out: str) -> str:
    """The last command quoted between backticks in an answer."""
    return re.findall(r"`([^`]+)`", out)[-1]


async def coordinator(chat: ConsoleChat, clock: ManualClock, language: str = "fr") -> None:
    """Coco, the table's first person, is a coordinator; English when asked."""
    clock.set(START)
    await chat.type(":moi Coco CDC / communautaire", "/outarde aide")
    if language == "en":
        await chat.type("/outarde config langue en")


async def test_french_examples_work_as_written(chat: ConsoleChat, clock: ManualClock) -> None:
    await coordinator(chat, clock)
    out = await chat.type("/rencontre planifier le 12 novembre 2030 à 9 h")
    example = last_example(out)
    assert example == "/rencontre planifier le 12 novembre à 9 h"
    await chat.type(example)
    out = await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    assert "C'est planifié : rencontre n° 1, le jeudi 12 novembre 2026 à 9 h." in out
    assert "Calendrier : `/rencontre ics #1`" in out
    assert "Fichier de calendrier" in await chat.type(last_example(out))
    out = await chat.type("/faitsaillant recolte auto hebdo")
    assert last_example(out) == "/faitsaillant recolte auto hebdo lundi 9 h"
    assert "chaque lundi à 9 h" in await chat.type(last_example(out))
    out = await chat.type('/sondage "On garde le mardi ?" Oui Non caché jusqu\'à')
    assert last_example(out) == "jusqu'à vendredi 17 h"
    out = await chat.type(f'/sondage "On garde le mardi ?" Oui Non caché {last_example(out)}')
    assert "résultats cachés jusqu'à la fermeture" in out and "vendredi 9 octobre" in out
    out = await chat.type('/sondage "Et le jeudi ?" Oui Non rappel fin : vendredi 17 h')
    assert "Se ferme le vendredi 9 octobre 2026 à 17 h" in out
    out = await chat.type("/vocab proposer concertation (anglais : collaboration : agir")
    out = await chat.type(last_example(out))
    assert "Proposition n° 1 · concertation (anglais : collaboration) — en discussion" in out


async def test_english_examples_work_as_written(chat: ConsoleChat, clock: ManualClock) -> None:
    await coordinator(chat, clock, "en")
    out = await chat.type("/rencontre plan | Council room")
    assert "Thursday 1:30 PM" in last_example(out)
    assert "Plan *Table meeting* on *Thursday, October 8, 2026 at 1:30 PM*" in await chat.type(
        last_example(out)
    )
    out = await chat.type("/faitsaillant harvest auto weekly")
    assert "every Monday at 9:00 AM" in await chat.type(last_example(out))
    out = await chat.type('/sondage "Keep Tuesday?" Yes No end:')
    assert "After “until” or “end:”" in out
    out = await chat.type(f'/sondage "Keep Tuesday?" Yes No {last_example(out)}')
    assert "Closes on Friday, October 9, 2026 at 5:00 PM" in out
    out = await chat.type("/outarde config")
    assert "`/outarde config language fr`" in out
    assert "Setting changed" in await chat.type("/outarde config timezone America/Toronto")
    assert "Coco is already a coordinator" in await chat.type(
        "/outarde config coordinators add @Coco"
    )


async def test_the_console_names_english_commands(chat: ConsoleChat, clock: ManualClock) -> None:
    await coordinator(chat, clock, "en")
    out = await chat.type(":help")
    for command in (":click N", ":me NAME", ":advance 2h", ":workspace NAME", ":channel NAME"):
        assert command in out, command
    assert "You are now Bea." in await chat.type(":me Bea")


async def test_a_mandate_elides_before_a_vowel(chat: ConsoleChat, clock: ManualClock) -> None:
    await coordinator(chat, clock)
    await chat.type(":moi Alice Entraide / communautaire", ":moi Coco")
    out = await chat.type("/partenaire mandat @Alice oui")
    assert "Alice est maintenant mandaté·e pour prendre des décisions au nom d'*Entraide*" in out
    out = await chat.type(":moi Bruno CLD", ":moi Coco", "/partenaire mandat @Bruno oui")
    assert "au nom de *CLD*." in out


async def test_coordination_accepts_quebec_titles(chat: ConsoleChat, clock: ManualClock) -> None:
    await coordinator(chat, clock)
    await chat.type(":moi Alice Entraide", ":moi Coco")
    out = await chat.type("/outarde config coordonnatrices ajouter @Alice")
    assert "Alice fait maintenant partie de la coordination." in out
    out = await chat.type("/outarde config coordonnateurs retirer @Alice")
    assert "Alice ne fait plus partie de la coordination." in out
