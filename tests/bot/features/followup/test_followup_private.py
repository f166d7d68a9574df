"""The owner is told privately when someone else gives them an action: through the outbox,
delivered once, even when the first attempt fails."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from adapters.console import ConsoleChat
from bot.clock import ManualClock
from storage.models import Outbox

PRIVATE = "Outarde (message privé pour bruno)"


async def start(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/suivi", ":moi Bruno CDC des Collines", ":moi Alice", "/suivi")


async def outbox(chat: ConsoleChat) -> list[Outbox]:
    async with chat.app.db.session() as session:
        return list((await session.exec(select(Outbox))).all())


async def test_the_owner_is_told_privately(chat: ConsoleChat) -> None:
    await start(chat)
    out = await chat.type("/suivi action @Bruno Envoyer le bilan pour vendredi")
    assert out.count(PRIVATE) == 1
    assert (
        "📌 Alice vous a confié l'action n° 1 : « Envoyer le bilan », pour le vendredi "
        "9 octobre 2026 à 9 h (dans #general)" in out
    )
    assert "Cette personne en est avisée en privé." in out
    [row] = await outbox(chat)
    assert row.status == "sent" and row.job_id is None
    # nobody to tell: oneself, or an organisation
    out = await chat.type("/suivi action @Alice Réserver la salle")
    out += await chat.type("/suivi action CDC des Collines Imprimer les affiches")
    assert "message privé" not in out and "avisée en privé" not in out
    assert len(await outbox(chat)) == 1


async def test_the_owner_is_reminded_privately_too(chat: ConsoleChat, clock: ManualClock) -> None:
    await start(chat)
    await chat.type("/suivi action @Bruno Envoyer le bilan pour le 20 octobre")
    await chat.type("/suivi action CDC des Collines Imprimer pour le 20 octobre")  # nobody to tell
    start_at = len(chat.transcript)
    await chat.advance("11j")  # Saturday 17 October, after 9 h
    shown = "\n".join(chat.transcript[start_at:])
    assert "⏰ Rappel : l'action n° 1 de Bruno est attendue dans 3 jours" in shown  # the channel
    assert "⏰ Rappel : l'action n° 2 de CDC des Collines" in shown
    assert shown.count(PRIVATE) == 1
    assert "⏰ Votre action n° 1 « Envoyer le bilan » est attendue dans 3 jours" in shown
    start_at = len(chat.transcript)
    await chat.advance("3j")
    shown = "\n".join(chat.transcript[start_at:])
    assert shown.count(PRIVATE) == 1 and "C'est aujourd'hui : votre action n° 1" in shown


async def test_a_failed_attempt_is_retried_once(chat: ConsoleChat, clock: ManualClock) -> None:
    await start(chat)
    screen = chat.screen
    told = screen.tell
    failures = [RuntimeError("platform down")]

    async def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        if failures:
            raise failures.pop()
        return await told(*args, **kwargs)

    screen.tell = flaky  # type: ignore[method-assign]
    out = await chat.type("/suivi action @Bruno Envoyer le bilan")
    assert PRIVATE not in out and "*Action n° 1*" in out  # the action itself is recorded
    [row] = await outbox(chat)
    assert row.status == "queued" and row.attempts == 1
    start_at = len(chat.transcript)
    clock.advance(timedelta(seconds=31))
    await chat.app.run_due()
    clock.advance(timedelta(minutes=5))
    await chat.app.run_due()
    shown = "\n".join(chat.transcript[start_at:])
    assert shown.count(PRIVATE) == 1 and "vous a confié l'action n° 1" in shown
    [row] = await outbox(chat)
    assert row.status == "sent"


async def test_in_english(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/outarde config langue en")
    await start(chat)
    out = await chat.type("/suivi task @Bruno Send the report")
    assert "Outarde (private message for bruno)" in out
    assert "📌 Alice gave you action no. 1: “Send the report” (in #general)" in out
    assert "They are told privately." in out
