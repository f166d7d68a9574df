"""/rencontre wording: a meeting's title is named « la rencontre « … » », counts agree."""

from __future__ import annotations

from tests.bot.features.meetings.test_meetings import plan
from tests.bot.features.meetings.test_meetings_people import click

DECEMBER = "/rencontre planifier 17 décembre 13 h 30 | Salle du conseil | Rencontre de décembre"
AT_DECEMBER = "à la rencontre « Rencontre de décembre » (jeudi 17 décembre 2026 à 13 h 30)"


async def test_answers_name_the_meeting_with_its_article(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")
    for name, organisation in [("Ana", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS")]:
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco")
    await plan(chat, DECEMBER)
    out = await click(chat, "Présent·e", "Dora")
    assert f"C'est noté : vous serez présent·e {AT_DECEMBER}." in out
    out = await click(chat, "Absent·e", "Dora")
    assert "vous serez absent·e de la rencontre « Rencontre de décembre » (jeudi" in out
    await chat.type(":moi Eve")
    out = await chat.type(
        f":clic {chat.last_buttons('Représenté·e')[-1]}", "Geneviève Roy, directrice adjointe"
    )
    assert f"Geneviève Roy, directrice adjointe vous représentera {AT_DECEMBER}." in out
    await chat.type(":moi Coco", "/rencontre trio")
    out = await click(chat, "J'accepte", "Ana")
    assert "Vous assurerez le rôle « Animation » à la rencontre « Rencontre de décembre »." in out


async def test_english_answers_name_the_meeting(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    await chat.type("/rencontre plan December 17 1:30 pm | Council room | December meeting")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    out = await click(chat, "Attending", "Ana")
    assert "Noted: you will attend the meeting “December meeting” (" in out


async def test_quorum_and_calendar_counts_agree_in_number(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config quorum 2")
    await plan(chat)
    out = await click(chat, "Présent·e", "Ana")
    assert "Quorum : 1 sur 2 — il manque 1 présence ou délégation." in out
    out = await click(chat, "Présent·e", "Bea")
    assert "Quorum atteint : 2 présences ou délégations (quorum : 2)." in out
    await chat.type(":moi Coco", "/outarde config quorum 4")
    out = await chat.type("/rencontre ics")
    assert "Fichier de calendrier (.ics) pour 1 rencontre :" in out and "(s)" not in out
    out = await click(chat, "Présent·e", "Cyr")
    assert "il manque 1 présence ou délégation." in out
    out = await click(chat, "Absent·e", "Cyr")
    assert "il manque 2 présences ou délégations." in out and "(s)" not in out
