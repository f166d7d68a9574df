"""A poll, a meeting or an action belongs to its channel: listed there only, answered there only."""

from __future__ import annotations

from sqlmodel import select

from bot.refs import readable  # the channel as a person reads it
from storage.models.meetings import Rsvp
from storage.models.polls import PollChoice, PollVote, PollVoter
from testkit.doubles import Answers
from tests.bot.features.meetings.test_meetings import plan


async def test_polls_are_listed_and_answered_in_their_channel_only(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", ":canal prive")
    await chat.type('/sondage "Exclure le membre X ?" Oui Non')
    await chat.type('/sondage "Sondage anonyme ?" Oui Non anonyme')
    here = await chat.type("/sondage liste")
    assert "Exclure le membre X ?" in here and "Sondage anonyme ?" in here
    await chat.type(":canal general", ":moi Bruno")
    listed = await chat.type("/sondage liste")
    assert "Exclure" not in listed and "anonyme" not in listed and "Aucun sondage" in listed
    for action, value in (
        ("polls.vote", "1:0"),
        ("polls.vote", "2:0"),
        ("polls.pick", "2:1"),
        ("polls.cast", "2:1"),
        ("polls.mine", "1:0"),
        ("polls.close", "1:0"),
    ):
        answers = Answers()
        await app.action(chat.invocation(), action, value, answers)
        assert "appartient à un autre canal" in answers.text, (action, answers.text)
        assert "Exclure" not in answers.text and "Oui" not in answers.text
    for line in ("/sondage fermer 1", "/sondage exporter 1"):
        assert "appartient à un autre canal" in await chat.type(line)
    async with app.db.session() as session:
        assert (await session.exec(select(PollVote))).all() == []
        assert (await session.exec(select(PollVoter))).all() == []
        assert {c.votes for c in (await session.exec(select(PollChoice))).all()} == {0}
    await chat.type(":canal prive")
    assert "n° 1" in await chat.type(f":clic {chat.last_buttons('Oui')[0]}")
    async with app.db.session() as session:
        assert len((await session.exec(select(PollVote))).all()) == 1


async def test_a_meeting_answer_from_another_channel_is_refused(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)  # in #general
    await chat.type(":canal autre", ":moi Bruno")
    for value in ("1:p", "1:a", "1:d"):
        answers = Answers()
        await app.action(chat.invocation(), "meetings.rsvp", value, answers)
        shown = readable(answers.text)
        assert "La rencontre n° 1 appartient au canal #general" in shown, shown
    answers = Answers()
    await app.submit(chat.invocation(), "meetings.delegate", {"delegue": "Marie"}, "1", answers)
    assert "appartient au canal #general" in readable(answers.text), answers.text
    async with app.db.session() as session:
        assert (await session.exec(select(Rsvp))).all() == []


async def test_an_action_is_reached_from_its_channel_and_its_sous_comite_only(chat, app) -> None:  # type: ignore[no-untyped-def]
    from storage.models.followup import FollowupItem

    await chat.type(":moi Coco", "/suivi", ":canal budget", ":moi Bruno", "/suivi")
    await chat.type(":canal prive", ":moi Coco", "/suivi action @Bruno Budget secret canal #budget")
    await chat.type(":canal general")
    for action in ("followup.done", "followup.help", "followup.history", "followup.postpone"):
        answers = Answers()
        await app.action(chat.invocation(), action, "1", answers)
        assert "Je ne trouve pas l'élément n° 1 dans ce canal" in answers.text, action
    answers = Answers()
    await app.submit(chat.invocation(), "followup.postpone", {"echeance": "vendredi"}, "1", answers)
    assert "Je ne trouve pas l'élément n° 1" in answers.text
    for line in ("/suivi fait 1", "/suivi historique 1", "/suivi liste toutes", "/suivi exporter"):
        out = await chat.type(line)
        assert "Budget secret" not in out, line
    async with app.db.session() as session:
        [item] = (await session.exec(select(FollowupItem))).all()
    assert item.status == "ouverte" and item.due_at is None
    for channel in ("prive", "budget"):  # where it was recorded, and the sous-comité
        out = await chat.type(f":canal {channel}", "/suivi historique 1")
        assert "Budget secret" in out, channel
