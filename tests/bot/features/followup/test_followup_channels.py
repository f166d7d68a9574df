"""An action assigned to a sous-comité's channel: posted there, followed up there, and the
channel where it was recorded sees each change; any other channel is refused."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from adapters.console import ConsoleChat
from bot.clock import ManualClock
from storage.models.followup import FollowupEvent, FollowupItem
from testkit.doubles import Answers

ACTION = "/suivi action @Bruno Préparer le budget pour le 20 octobre canal #budget"


async def start(chat: ConsoleChat) -> str:
    """Coco coordinates in #general; Bruno works in #budget; Alice records in #general."""
    await chat.type(":moi Coco", "/suivi", ":canal budget", ":moi Bruno", "/suivi")
    await chat.type(":canal general", ":moi Chloé", "/suivi")
    return await chat.type(":moi Alice", ACTION)


async def items(chat: ConsoleChat) -> list[FollowupItem]:
    async with chat.app.db.session() as session:
        return list((await session.exec(select(FollowupItem))).all())


async def test_the_sous_comite_sees_the_action_and_reports_on_it(chat: ConsoleChat) -> None:
    out = await start(chat)
    assert "*Action n° 1*" in out and "Sous-comité : #budget" in out
    assert "[#budget] ── Outarde" in out  # its card posted in the sous-comité's channel
    assert "Elle est aussi publiée dans #budget" in out
    [item] = await items(chat)
    assert (item.channel, item.assigned_channel) == ("general", "budget")
    out = await chat.type(":canal budget", ":moi Bruno", "/suivi liste")
    assert "Actions à faire : 1 élément" in out and "Préparer le budget" in out
    assert "(sous-comité : #budget)" in out
    # « Fait » pressed on the sous-comité's card: both cards change, #general is told
    out = await chat.type(f":clic {chat.last_buttons('Fait')[-1]}")  # the card in #budget
    assert "C'est noté : l'action n° 1 est faite" in out
    assert out.count("mise à jour du message") == 2
    assert "[#general] ── Outarde" in out and "🔁 Suivi fait dans #budget" in out
    [item] = await items(chat)
    assert item.status == "faite"
    out = await chat.type(":canal general", "/suivi liste faites", "/suivi historique 1")
    assert "Actions faites : 1 élément" in out
    assert "confiée au sous-comité — #budget" in out and "indiquée faite" in out


async def test_another_channel_cannot_reach_it(chat: ConsoleChat) -> None:
    await start(chat)
    out = await chat.type(":canal autre", ":moi Coco", "/suivi fait 1", "/suivi liste toutes")
    assert "Je ne trouve pas l'élément n° 1 dans ce canal" in out
    assert "Préparer le budget" not in out
    for action in ("followup.done", "followup.help", "followup.history", "followup.postpone"):
        answers = Answers()
        await chat.app.action(chat.invocation(), action, "1", answers)
        assert "Je ne trouve pas l'élément n° 1" in answers.text, action
    [item] = await items(chat)
    assert item.status == "ouverte"


async def test_postponed_in_the_sous_comite_and_reminded_there(
    chat: ConsoleChat, clock: ManualClock
) -> None:
    await start(chat)
    out = await chat.type(":canal budget", ":moi Bruno", "/suivi liste mes")
    postpone = chat.last_buttons("Reporter")[-1]
    out = await chat.type(f":clic {chat.last_buttons('Besoin d' + chr(39) + 'aide')[-1]}")
    assert out.count("🙋 Bruno demande de l'aide pour l'action n° 1") == 2  # #budget and #general
    assert "[#general] ── Outarde" in out
    out = await chat.type(f":clic {postpone}", "le 27 octobre")
    assert "reportée au mardi 27 octobre" in out
    assert "[#general] ── Outarde" in out and "🔁 Suivi fait dans #budget" in out
    start_at = len(chat.transcript)
    clock.set(datetime(2026, 10, 24, 13, 0, tzinfo=UTC))
    await chat.app.run_due()
    reminded = "\n".join(chat.transcript[start_at:])
    assert "⏰ Rappel : l'action n° 1 de Bruno est attendue dans 3 jours" in reminded
    assert "[#general]" not in reminded  # the sous-comité does the work: reminded there
    async with chat.app.db.session() as session:
        kinds = [e.kind for e in (await session.exec(select(FollowupEvent))).all()]
    assert kinds == ["creee", "confiee", "aide", "reportee"]


async def test_one_channel_only_and_the_same_channel_is_no_assignment(chat: ConsoleChat) -> None:
    await start(chat)
    out = await chat.type("/suivi action @Bruno Deux canaux canal #budget #general")
    assert "Une action va dans un seul sous-comité" in out
    out = await chat.type("/suivi action @Bruno Ici même dans #general")
    assert "Sous-comité" not in out and "Ici même" in out
    assert [i.assigned_channel for i in await items(chat)] == ["budget", None]


async def test_in_english(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/outarde config langue en", ":canal budget", ":moi Bruno")
    await chat.type("/suivi", ":canal general", ":moi Alice")
    out = await chat.type("/suivi task @Bruno Draft the budget channel #budget")
    assert "Subcommittee: #budget" in out and "It is also posted in #budget" in out
    out = await chat.type(":canal budget", ":moi Bruno", "/suivi done 1")
    assert "🔁 Followed up in #budget" in out
