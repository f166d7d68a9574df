"""/rencontre over a meeting's life: accepting a trio role means attending, the evaluation's
reminder counts the people who came, the last reminder warns of missing confirmations."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from storage.models.meetings import Rsvp
from tests.bot.features.meetings.test_meetings import START, advance_to, plan
from tests.bot.features.meetings.test_meetings_people import click


async def answers(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return {r.user_id: r.answer for r in (await session.exec(select(Rsvp))).all()}


async def test_accepting_a_trio_role_records_the_person_as_present(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")
    for name, organisation in [("Ana", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS"), ("Dora", "MDJ")]:
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco", "/outarde config quorum 3")
    await plan(chat)
    await click(chat, "Présent·e", "Bea")
    await chat.type(":moi Coco", "/rencontre trio")
    out = await click(chat, "J'accepte", "Ana")  # had not answered
    assert "Vous êtes aussi inscrit·e comme présent·e à cette rencontre." in out
    assert "✅ Présent·es : 2 · ❌ Absent·es : 0" in out
    out = await click(chat, "J'accepte", "Bea")  # already present: nothing more to say
    assert "Merci!" in out and "inscrit·e comme présent·e" not in out and "passe de" not in out
    await click(chat, "Absent·e", "Cyr")  # steps down: Dora is proposed instead
    out = await chat.type(":moi Coco", "/rencontre trio @Ana @Bea @Cyr")  # Cyr named by hand
    assert "Cyr a répondu qu'il ou elle ne sera pas à cette rencontre" in out
    await click(chat, "Présent·e", "Cyr")  # changes their mind
    out = await chat.type(":moi Coco", "/rencontre trio @Ana @Bea @Cyr")
    assert "Observation : Cyr (CISSS) — a accepté" in out
    assert "Quorum atteint : 3 présences ou délégations (quorum : 3)." in out
    assert await answers(app) == {"ana": "present", "bea": "present", "cyr": "present"}


async def test_english_trio_acceptance_says_attending(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    await chat.type(":moi Ana CDC", ":moi Bea CLD", ":moi Cyr CISSS", ":moi Coco")
    await chat.type("/rencontre plan October 20 1:30 pm | Council room | Fall meeting")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}", "/rencontre trio")
    out = await click(chat, "I accept", "Ana")
    assert "at the meeting “Fall meeting”.\nYou are also marked as attending this meeting." in out


async def test_the_evaluation_reminder_counts_only_people_present(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await click(chat, "Présent·e", "Ana")
    await click(chat, "Présent·e", "Bea")
    await click(chat, "Présent·e", "Cyr")
    await click(chat, "Absent·e", "Dora")
    await chat.type(":moi Eve")
    await chat.type(f":clic {chat.last_buttons('Représenté·e')[-1]}", "Marie Roy (CDC)")
    out = await advance_to(chat, clock, START + timedelta(hours=3))
    assert "📝 Évaluation : Rencontre d'automne" in out
    await chat.type(":moi Ana", f":clic {chat.last_buttons('Répondre')[-1]}", "5", "4", "", "", "")
    out = await advance_to(chat, clock, START + timedelta(days=1, hours=3))
    assert "2 personnes n'ont pas encore répondu." in out  # Bea and Cyr; not Coco, Dora, Eve


async def test_no_evaluation_count_when_nobody_said_they_came(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await click(chat, "Absent·e", "Dora")
    await advance_to(chat, clock, START + timedelta(hours=3))
    out = await advance_to(chat, clock, START + timedelta(days=1, hours=3))
    assert "Il est encore temps de répondre à l'évaluation" in out
    assert "pas encore répondu" not in out


async def test_the_last_day_reminders_warn_of_missing_confirmations(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")
    for name, organisation in [("Ana", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS")]:
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type("/rencontre trio")
    out = await advance_to(chat, clock, START - timedelta(days=7))
    assert "🔔 Rappel" in out and "Coordination" not in out  # a week ahead: no warning yet
    out = await advance_to(chat, clock, START - timedelta(days=1))
    assert "⚠️ Coordination : personne n'a encore confirmé sa présence" in out
    assert (
        "rôles du trio sans réponse : Animation (Ana, en attente de réponse), "
        "Synthèse (Bea, en attente de réponse), Observation (Cyr, en attente de réponse). "
        "Relancez les personnes proposées, ou fixez le trio : `/rencontre trio #1 " in out
    )
    await click(chat, "J'accepte", "Ana")  # accepting also confirms her presence
    await click(chat, "Je décline", "Bea")  # nobody left to propose: the role stays open
    out = await advance_to(chat, clock, START - timedelta(hours=1))
    assert "personne n'a encore confirmé" not in out
    assert "sans réponse : Synthèse (à pourvoir), Observation (Cyr, en attente de réponse)." in out


async def test_the_last_reminder_warns_even_a_week_ahead(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config rappels 7j")
    await plan(chat)
    out = await advance_to(chat, clock, START - timedelta(days=7))
    assert "⚠️ Coordination : personne n'a encore confirmé sa présence" in out
    assert "trio" not in out  # no trio proposed: nothing to say about it


async def test_no_warning_when_people_confirmed_and_the_trio_accepted(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    await chat.type("/rencontre plan October 20 1:30 pm | Council room | Fall meeting")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    out = await advance_to(chat, clock, START - timedelta(days=1))
    assert "⚠️ Coordinators: nobody has confirmed their attendance yet" in out
    await chat.type(":moi Ana", f":clic {chat.last_buttons('Represented')[-1]}", "Marie Roy (CDC)")
    out = await advance_to(chat, clock, START - timedelta(hours=1))
    assert "🔔 Reminder" in out and "Coordinators" not in out
