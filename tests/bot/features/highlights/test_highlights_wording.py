"""/faitsaillant wording: list filters and mentions."""

from __future__ import annotations

from bot.context import Actor, Invocation, Place
from bot.messages import plain_text
from testkit.doubles import Answers, mention


async def test_filters_read_naturally(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Bruno", "/faitsaillant Clinique ouverte #Santé")
    out = await chat.type("/faitsaillant liste #sante depuis le 1er octobre")
    assert "(depuis le jeudi 1er octobre 2026 · #Santé)" in out
    assert "à 0 h" not in out
    out = await chat.type("/faitsaillant liste depuis aujourd'hui 2 h 30")
    assert "depuis le mardi 6 octobre 2026 à 2 h 30" in out  # a time of day stays
    out = await chat.type("/faitsaillant liste @Inconnu", "/faitsaillant liste @Bruno")
    assert "(d'inconnu)" in out and "(de Bruno)" in out


async def test_mentions_keep_the_persons_name(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice", "/outarde aide")
    out = await chat.type(":moi Bruno", "/faitsaillant Merci @Alice et @Jean-Pierre")
    assert "Merci @Alice et @Jean-Pierre" in out  # the name as typed, for a person not met yet
    answers = Answers()
    bruno = Invocation(Place("console", "table", "general"), Actor("bruno", "Bruno"))
    await app.command(bruno, "faitsaillant", f"Bravo {mention('U9', 'Zoé')} et @equipe", answers)
    assert "Bravo @Zoé et @equipe" in plain_text(answers.sent[0])
