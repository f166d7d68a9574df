"""/suivi through the console: record, follow up, remind, list, export (in French)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from adapters.console import ConsoleChat
from bot.clock import ManualClock
from storage.models import Job
from storage.models.followup import FollowupEvent, FollowupItem

ACTION = "/suivi action @Bruno Envoyer le bilan pour vendredi"


async def start(chat: ConsoleChat) -> str:
    """Coco coordinates; Bruno (CDC des Collines) and Chloé are known; Alice records."""
    await chat.type(":moi Coco", "/suivi", ":moi Bruno CDC des Collines", ":moi Chloé", "/suivi")
    return await chat.type(":moi Alice", ACTION)


async def press(chat: ConsoleChat, person: str, label: str, *answers: str) -> str:
    number = chat.last_buttons(label)[-1]
    return await chat.type(f":moi {person}", f":clic {number}", *answers)


async def rows(chat: ConsoleChat, model: type) -> list:  # type: ignore[type-arg]
    async with chat.app.db.session() as session:
        return list((await session.exec(select(model))).all())


async def test_an_action_is_posted_with_its_buttons_and_the_recorder_told(chat) -> None:  # type: ignore[no-untyped-def]
    out = await start(chat)
    assert "*Action n° 1*" in out and "Envoyer le bilan" in out
    assert "Responsable : Bruno" in out
    assert "Échéance : vendredi 9 octobre 2026 à 9 h" in out
    assert "Fait" in out and "Reporter" in out and "Besoin d'aide" in out
    assert "Action n° 1 notée pour Bruno" in out and "3 jours avant l'échéance" in out
    [item] = await rows(chat, FollowupItem)
    assert item.owner_id == "bruno" and item.recorded_by == "alice" and item.workspace


async def test_the_owner_recording_is_told_it_is_theirs(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/suivi")
    out = await chat.type(":moi Bruno", "/suivi action @Bruno Appeler la ville")
    assert "L'action n° 1 vous est confiée" in out and "Échéance : sans échéance" in out


async def test_an_organisation_of_the_map_can_own_an_action(chat) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    out = await chat.type('/suivi action "CDC des Collines" Réserver la salle pour le 15 octobre')
    assert "Responsable : CDC des Collines" in out
    out = await chat.type("/suivi action cdc des collines Imprimer les affiches")
    assert "Responsable : CDC des Collines" in out and "Imprimer les affiches" in out
    out = await chat.type(":moi Bruno", "/suivi liste mes")  # Bruno represents the CDC
    assert "Mes actions : 3 éléments" in out
    out = await chat.type("/suivi liste CDC des Collines")
    assert "Actions de CDC des Collines : 2 éléments" in out


async def test_bad_input_is_refused_with_what_to_do(chat) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    out = await chat.type("/suivi action @Zoé Faire le tour des partenaires")
    assert "Je ne connais pas encore « Zoé »" in out and "/partenaire moi" in out
    out = await chat.type("/suivi action Inconnu inc. Faire quelque chose")
    assert "ni une @personne ni un organisme" in out and "/partenaire ajouter" in out
    out = await chat.type("/suivi action @Bruno Envoyer le bilan pour hier")
    assert "L'échéance « hier » est déjà passée" in out
    out = await chat.type("/suivi action @Bruno " + "x" * 501)
    assert "C'est trop long (501 caractères) : 500 caractères au plus" in out
    out = await chat.type("/suivi action @Bruno")
    assert "Il manque ce qu'il faut faire" in out
    out = await chat.type("/suivi action @Bruno Prévenir @everyone")
    assert "⚠️" in out
    out = await chat.type("/suivi decision On y va #abc")
    assert "n'est pas un numéro de rencontre" in out
    assert len(await rows(chat, FollowupItem)) == 1


async def test_only_the_owner_the_recorder_or_the_coordination_change_an_item(chat) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    out = await press(chat, "Chloé", "Fait")
    assert "Seule la personne responsable de l'élément n° 1" in out
    out = await chat.type(":moi Chloé", "/suivi fait 1")
    assert "Seule la personne responsable" in out
    out = await press(chat, "Bruno", "Fait")
    assert "mise à jour du message" in out and "Statut : faite" in out
    assert "l'action n° 1 est faite" in out
    out = await chat.type(":moi Coco", "/suivi fait 1")
    assert "déjà faite" in out
    kinds = [event.kind for event in await rows(chat, FollowupEvent)]
    assert kinds == ["creee", "faite"]


async def test_postpone_moves_the_due_date_and_its_reminders(chat) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    out = await press(chat, "Bruno", "Reporter", "hier", "le 30 octobre")
    assert "déjà passée" in out
    assert "reportée au vendredi 30 octobre 2026 à 9 h" in out
    out = await chat.type("/suivi historique 1")
    assert "reportée — vendredi 9 octobre 2026 à 9 h → vendredi 30 octobre 2026 à 9 h" in out
    async with chat.app.db.session() as session:
        jobs = (await session.exec(select(Job).where(Job.kind == "followup.reminder"))).all()
    pending = sorted(j.due_at for j in jobs if j.status == "pending")
    assert pending[0] == datetime(2026, 10, 27, 13, 0, tzinfo=UTC)  # 3 days before, 9 h


async def test_asking_for_help_tells_the_coordination_and_the_table(chat) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    out = await press(chat, "Bruno", "Besoin d'aide")
    assert "🙋 Bruno demande de l'aide pour l'action n° 1 (Bruno). Qui peut aider?" in out
    assert "À l'attention de la coordination" in out
    assert "Votre demande d'aide" in out


async def test_reminders_come_three_days_before_and_on_the_day(chat, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/suivi", ":moi Bruno", "/suivi")
    await chat.type(":moi Alice", "/suivi action @Bruno Envoyer le bilan pour le 20 octobre")
    clock.set(datetime(2026, 10, 17, 13, 0, tzinfo=UTC))
    start = len(chat.transcript)
    await chat.app.run_due()
    out = "\n".join(chat.transcript[start:])
    assert "⏰ Rappel : l'action n° 1 de Bruno est attendue dans 3 jours" in out
    clock.set(datetime(2026, 10, 20, 12, 0, tzinfo=UTC))
    start = len(chat.transcript)
    await chat.app.run_due()
    out = "\n".join(chat.transcript[start:])
    assert "⏰ C'est aujourd'hui : l'action n° 1 de Bruno" in out


async def test_no_reminder_for_a_done_action(chat, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    await press(chat, "Bruno", "Fait")
    clock.advance(timedelta(days=4))
    start_at = len(chat.transcript)
    await chat.app.run_due()
    assert "⏰" not in "\n".join(chat.transcript[start_at:])


async def test_overdue_actions_are_listed_to_the_coordination_weekly(
    chat, clock: ManualClock
) -> None:  # type: ignore[no-untyped-def]
    await start(chat)  # due Friday 9 October; the list comes on Mondays
    out = await chat.type(":avance 6j")
    assert "À l'attention de la coordination : 1 action en retard" in out
    assert "Envoyer le bilan — Bruno" in out
    out = await chat.type(":avance 7j")
    assert "1 action en retard" in out
    await press(chat, "Bruno", "Fait")
    out = await chat.type(":avance 7j")
    assert "en retard" not in out


async def test_lists_are_paged_in_the_database(chat) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    for number in range(2, 24):
        await chat.type(f"/suivi action @Chloé Tâche {number:02d}")
    out = await chat.type("/suivi liste")
    assert "Actions à faire : 23 éléments" in out and "Page 1 sur 3" in out
    assert "n° 1 Envoyer le bilan" in out  # the soonest due first
    out = await press(chat, "Alice", "Suivant ▶")
    assert "Page 2 sur 3" in out and "Tâche 11" in out
    out = await chat.type("/suivi liste @Chloé 3")
    assert "Actions de Chloé : 22 éléments" in out and "Page 3 sur 3" in out
    out = await chat.type("/suivi liste n'importe quoi")
    assert "Je ne comprends pas le filtre" in out


async def test_late_and_meeting_filters(chat, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    out = await chat.type("/suivi decision Oui #4")  # the meetings feature knows no n° 4
    assert "Je ne trouve pas la rencontre n° 4 dans ce canal" in out
    await chat.type(":moi Coco", "/rencontre planifier mardi 13 octobre 13 h 30 | Salle | Automne")
    await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}", ":moi Alice")
    await chat.type("/suivi action @Chloé Préparer l'ordre du jour #1", "/suivi decision Oui #1")
    clock.advance(timedelta(days=5))
    out = await chat.type("/suivi liste en retard")
    assert "Actions en retard : 1 élément" in out and "(en retard)" in out
    out = await chat.type("/suivi liste #1")
    assert "Rencontre n° 1 : 2 éléments" in out


def kept_private(chat: ConsoleChat) -> list:  # type: ignore[type-arg]
    """The private messages shown from now on (files included)."""
    kept: list = []  # type: ignore[type-arg]
    show = chat.screen.show_private

    def keep(message):  # type: ignore[no-untyped-def]
        kept.append(message)
        show(message)

    chat.screen.show_private = keep  # type: ignore[method-assign]
    return kept


async def test_export_neutralises_formulas(chat) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    private = kept_private(chat)
    await chat.type('/suivi decision =HYPERLINK("x") et on avance')
    out = await chat.type("/suivi exporter")
    assert "suivi.md" in out and "suivi.csv" in out
    message = next(m for m in reversed(private) if m.files)
    table = list(csv.reader(io.StringIO(message.files[1].data.decode("utf-8-sig"))))
    assert table[0][:3] == ["numero", "type", "texte"]
    assert table[2][2].startswith("'=")
    assert "Envoyer le bilan" in message.files[0].data.decode()


async def test_crafted_ids_of_another_channel_or_workspace_are_refused(chat) -> None:  # type: ignore[no-untyped-def]
    await start(chat)
    out = await chat.type(":canal autre", ":moi Coco", "/suivi fait 1", "/suivi historique 1")
    assert out.count("Je ne trouve pas l'élément n° 1 dans ce canal") == 2
    await chat.type(":espace autre-table", ":moi Zed", "/suivi")
    out = await chat.type("/suivi fait 1")
    assert "Je ne trouve pas l'élément n° 1" in out
    await chat.app.action(chat.invocation(), "followup.done", "1", chat)
    assert "Je ne trouve pas l'élément n° 1" in chat.transcript[-1]
    [item] = await rows(chat, FollowupItem)
    assert item.status == "ouverte"
