"""/suivi with the meetings: the compte rendu after a meeting, the « Suivi » section of the
next meeting's 7-day reminder, and the same in English."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document

from adapters.console import ConsoleChat
from bot.clock import ManualClock

FIRST = "/rencontre planifier mardi 13 octobre 13 h 30 | Salle du conseil | Rencontre d'automne"
SECOND = "/rencontre planifier mardi 10 novembre 13 h 30 | Salle du conseil | Rencontre de novembre"


async def plan(chat: ConsoleChat, line: str, confirm: str = "Confirmer") -> str:
    out = await chat.type(line)
    return out + await chat.type(f":clic {chat.last_buttons(confirm)[-1]}")


async def until(chat: ConsoleChat, clock: ManualClock, instant: datetime) -> str:
    start = len(chat.transcript)
    clock.set(instant)
    await chat.app.run_due()
    return "\n".join(chat.transcript[start:])


async def test_two_meetings_an_action_from_the_compte_rendu_to_the_next_reminder(
    chat: ConsoleChat, clock: ManualClock
) -> None:
    await chat.type(":moi Coco", "/suivi", ":moi Bruno CDC des Collines", ":moi Chloé", "/suivi")
    await chat.type(":moi Coco")
    await plan(chat, FIRST)
    await plan(chat, SECOND)
    out = await until(chat, clock, datetime(2026, 10, 13, 21, 0, tzinfo=UTC))  # after the first
    assert "📝 La rencontre « Rencontre d'automne » est terminée" in out
    assert "La coordination peut rédiger le compte rendu" in out  # no trio was chosen
    out = await chat.type(":moi Chloé", f":clic {chat.last_buttons('Rédiger le compte rendu')[-1]}")
    assert "Seule la personne qui tenait la synthèse, ou la coordination" in out
    out = await chat.type(
        ":moi Coco",
        f":clic {chat.last_buttons('Rédiger le compte rendu')[-1]}",
        "La table adopte le plan d'action 2027",
        "@Bruno Envoyer le bilan pour le 30 octobre // @Zoé Faire le tour",
        "Budget 2027",
        "@Bruno Envoyer le bilan pour le 30 octobre",  # the field asked again
    )
    assert "Ligne 2 : Je ne connais pas encore « Zoé »" in out
    assert "Compte rendu n° 1 · Rencontre d'automne — brouillon" in out
    assert "• La table adopte le plan d'action 2027" in out and "• Budget 2027" in out
    assert "*Action n° 2*" in out and "Responsable : Bruno" in out
    assert "Compte rendu n° 1 enregistré" in out
    # reminded 3 days before the due date, then marked done
    out = await until(chat, clock, datetime(2026, 10, 27, 13, 0, tzinfo=UTC))
    assert "⏰ Rappel : l'action n° 2 de Bruno est attendue dans 3 jours" in out
    out = await chat.type(":moi Bruno", f":clic {chat.last_buttons('Fait')[-1]}")
    assert "Statut : faite" in out
    await chat.type("/suivi action @Chloé Préparer la visite pour le 1er novembre")
    # the next meeting's 7-day reminder carries the « Suivi » section
    out = await until(chat, clock, datetime(2026, 11, 3, 18, 40, tzinfo=UTC))
    assert "Suivi depuis la dernière rencontre" in out
    assert "✅ Action faite (1) :\n• n° 2 Envoyer le bilan — Bruno" in out
    assert "⚠️ Action en retard (1) :\n• n° 3 Préparer la visite — Chloé" in out
    assert "🗳️ Décision prise (1) :\n• n° 1 La table adopte le plan d'action 2027" in out
    assert "Actions ouvertes par organisme : Chloé : 1 (dont 1 en retard)" in out
    out = await chat.type(":moi Coco", "/rencontre ordre")
    # the draft is approved at the next meeting, then exported
    out = await chat.type("/suivi compte-rendu approuver #1")
    assert "✅ Le compte rendu n° 1 (Rencontre d'automne) est approuvé" in out
    assert "— approuvé" in out
    out = await chat.type(":moi Bruno", "/suivi compte-rendu corriger #1")
    assert "déjà approuvé" in out


async def test_the_compte_rendu_exports_as_markdown_and_docx(
    chat: ConsoleChat, clock: ManualClock
) -> None:
    await chat.type(":moi Coco", "/suivi")
    await plan(chat, FIRST)
    await until(chat, clock, datetime(2026, 10, 13, 21, 0, tzinfo=UTC))
    await chat.type(
        f":clic {chat.last_buttons('Rédiger le compte rendu')[-1]}", "On adopte *tout*", "-", "-"
    )
    kept: list = []  # type: ignore[type-arg]
    chat.screen.show_private = kept.append  # type: ignore[method-assign]
    await chat.type("/suivi compte-rendu exporter #1")
    markdown, document = kept[-1].files
    assert (
        "## Décisions" in markdown.data.decode() and r"On adopte \*tout\*" in markdown.data.decode()
    )
    paragraphs = [p.text for p in Document(io.BytesIO(document.data)).paragraphs]
    assert "Rencontre d'automne" in paragraphs and "On adopte *tout*" in paragraphs
    # a draft is corrected by the coordination: the message is updated in place
    out = await chat.type(
        f":clic {chat.last_buttons('Corriger')[-1]}", "On adopte le budget", "", ""
    )
    assert "mise à jour du message" in out and "On adopte le budget" in out


async def test_english_commands_and_messages(chat: ConsoleChat, clock: ManualClock) -> None:
    await chat.type(":moi Coco", "/outarde config langue en", ":moi Bruno", "/suivi")
    out = await chat.type(":moi Alice", "/suivi task @Bruno Send the report by Friday")
    assert "*Action no. 1*" in out and "Bruno" in out
    assert "Action no. 1 recorded for Bruno" in out
    out = await chat.type("/suivi action @Bruno Send it by yesterday")
    assert "has already passed" in out
    out = await chat.type("/suivi action @Nobody Do it")
    assert "I do not know “Nobody” at this table yet" in out
    out = await chat.type("/suivi decision We adopt the plan", "/suivi list all")
    assert "Decision no. 2 recorded" in out and "Decisions and actions: 2 items" in out
    out = await chat.type(":moi Bruno", "/suivi list mine", "/suivi done 1", "/suivi history 1")
    assert "My actions: 1 item" in out and "action no. 1 is done" in out
    assert "marked done" in out
    out = await chat.type("/suivi export", "/suivi minutes")
    assert "Markdown and CSV" in out and "No minutes in this channel yet" in out


FIRST_EN = "/rencontre plan Tuesday October 13 1:30 pm | Council room | Autumn meeting"
SECOND_EN = "/rencontre plan Tuesday November 10 1:30 pm | Council room | November meeting"


async def test_two_meetings_in_english_the_synthesis_writes_the_minutes(
    chat: ConsoleChat, clock: ManualClock
) -> None:
    """The same story in English; the trio's synthesis person gets the minutes to write."""
    await chat.type(":moi Coco CDC", "/outarde config langue en", ":moi Bruno CISSS")
    await chat.type(":moi Chloé CLD", ":moi Coco")
    await plan(chat, FIRST_EN, "Confirm")
    await plan(chat, SECOND_EN, "Confirm")
    await chat.type("/rencontre trio #1 @Coco @Chloé @Bruno")  # Chloé: the synthesis
    out = await until(chat, clock, datetime(2026, 10, 13, 21, 0, tzinfo=UTC))
    assert "📝 The meeting “Autumn meeting” is over. Chloé, you held the synthesis" in out
    out = await chat.type(":moi Bruno", f":clic {chat.last_buttons('Write the minutes')[-1]}")
    assert "Only the person who held the synthesis, or the coordination" in out
    out = await chat.type(
        ":moi Chloé",
        f":clic {chat.last_buttons('Write the minutes')[-1]}",
        "The table adopts the 2027 plan",
        "@Bruno Send the report by October 30",
        "Budget 2027",
    )
    assert "Minutes no. 1 · Autumn meeting — draft" in out
    assert "*Action no. 2*" in out and "Responsible: Bruno" in out
    assert "Outarde (private message for bruno)" in out  # Chloé gave it to Bruno
    assert "📌 Chloé gave you action no. 2: “Send the report”" in out
    out = await until(chat, clock, datetime(2026, 10, 27, 13, 0, tzinfo=UTC))
    assert "⏰ Reminder: action no. 2 of Bruno is due in 3 days" in out
    out = await chat.type(":moi Bruno", f":clic {chat.last_buttons('Done')[-1]}")
    assert "Noted: action no. 2 is done" in out
    out = await until(chat, clock, datetime(2026, 11, 3, 18, 40, tzinfo=UTC))  # 7 days before
    assert "Follow-up since the last meeting" in out
    assert "✅ Action done (1):\n• no. 2 Send the report — Bruno" in out
    assert "🗳️ Decision taken (1):\n• no. 1 The table adopts the 2027 plan" in out
    out = await chat.type(":moi Coco", "/suivi minutes approve #1")
    assert "✅ Minutes no. 1 (Autumn meeting) are approved by the table." in out
