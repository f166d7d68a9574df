"""/rencontre: a stale « cancel? » question, meetings kept to their channel, numbers written
with or without « # », field-named planning errors, reminders across a time change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot import hooks
from storage.models import Job
from tests.bot.features.meetings.test_meetings import START, advance_to, jobs, meetings, plan

YES, NO = "Oui, annuler la rencontre", "Non, la garder"


async def button(chat, label: str) -> str:  # type: ignore[no-untyped-def]
    return await chat.type(f":clic {chat.last_buttons(label)[-1]}")


# -- the « cancel? » question -------------------------------------------------------------
async def test_no_disarms_the_cancel_confirmation(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord")
    await plan(chat, "/rencontre planifier le 10 décembre à 9 h | Salle | R")
    await chat.type("/rencontre annuler")
    assert "La rencontre n° 1 est maintenue" in await button(chat, NO)
    out = await button(chat, YES)
    assert "Cette confirmation n'est plus valide" in out
    assert "relancez `/rencontre annuler #1`" in out and "ANNULÉE" not in out
    [meeting] = await meetings(app)
    assert meeting.status == "planned" and meeting.sequence == 0
    assert "n'est plus valide" in await button(chat, NO)  # answered once: closed


async def test_a_change_or_an_hour_disarms_the_cancel_confirmation(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord")
    await plan(chat)
    await chat.type("/rencontre annuler #1")
    moved_before = chat.last_buttons(YES)[-1]
    await chat.type("/rencontre reporter #1 mardi 27 octobre 13 h 30", "/rencontre annuler 1")
    waited_before = chat.last_buttons(YES)[-1]
    assert "n'est plus valide" in await chat.type(f":clic {moved_before}")
    await advance_to(chat, clock, clock.now() + timedelta(hours=1))
    assert "n'est plus valide" in await chat.type(f":clic {waited_before}")
    [meeting] = await meetings(app)
    assert meeting.status == "planned"
    await chat.type("/rencontre annuler")
    assert "est annulée" in await button(chat, YES)
    async with app.db.session() as session:
        asked = select(Job).where(Job.kind == "meetings.cancel_question")
        questions = (await session.exec(asked)).all()
    assert {q.status for q in questions} <= {"done", "cancelled"}


# -- a meeting belongs to its channel -----------------------------------------------------
async def test_a_meeting_is_only_reached_from_its_channel(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord CDC")
    await plan(chat)
    await chat.type("/rencontre odj ajouter Point secret", ":canal autre-canal")
    for line in (
        "/rencontre odj #1",
        "/rencontre odj 1",
        "/rencontre odj ajouter #1 Intrus",
        "/rencontre odj retirer #1 1",
        "/rencontre annuler #1",
        "/rencontre reporter #1 jeudi 22 octobre 10 h",
        "/rencontre trio #1",
        "/rencontre ics 1",
    ):
        out = await chat.type(line)
        assert "La rencontre n° 1 appartient au canal #general" in out, (line, out)
        assert "Point secret" not in out and "Oui, annuler" not in out
    assert "Aucune rencontre à venir dans ce canal" in await chat.type("/rencontre odj")
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, chat.place, None)
        assert await ctx.hook(hooks.suggest("rencontre"), "") == [[]]
    [meeting] = await meetings(app)
    assert meeting.status == "planned" and meeting.starts_at == START
    posted = await advance_to(chat, clock, START - timedelta(days=7))
    assert posted.count("🔔 Rappel") == 1 and "1. Point secret" in posted  # still reminded


# -- numbers with or without « # » --------------------------------------------------------
async def test_every_subcommand_takes_1_or_hash_1(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord")
    await plan(chat)
    await plan(chat, "/rencontre planifier 3 novembre 9 h | Zoom | Bilan")
    out = await chat.type("/rencontre ics #2", "/rencontre ics 2", "/rencontre odj 2")
    assert out.count("• n° 2 Bilan") == 2 and "Ordre du jour — n° 2 Bilan" in out
    out = await chat.type("/rencontre annuler 2")
    assert "Annuler la rencontre n° 2 *Bilan*" in out
    out = await chat.type("/rencontre reporter 2 jeudi 15 h")
    assert "La rencontre n° 2 *Bilan* est déplacée" in out and "jeudi 8 octobre 2026 à 15 h" in out
    out = await chat.type("/rencontre reporter 1 octobre 2029 10 h")  # a date, not meeting 1
    assert "plus de deux ans" in out
    out = await chat.type("/rencontre reporter 1 novembre 10 h")  # the next meeting, moved
    assert "La rencontre n° 2 *Bilan* est déplacée" in out and "1er novembre 2026" in out
    out = await chat.type("/rencontre reporter 7 jeudi 15 h", "/rencontre ics 1 2")
    assert "Je ne trouve pas la rencontre « 7 »" in out
    assert "Exemple : `/rencontre ics`" in out
    starts = {m.id: m.starts_at for m in await meetings(app)}
    assert starts[1] == START


# -- planning errors name their field -----------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("jeudi 14 h | lieu | \x01\x02\x03", "Le titre de la rencontre est vide"),
        ("jeudi 14 h | \x01\x02 | Titre", "Le lieu de la rencontre est vide"),
        ("jeudi 14 h | lieu | " + "x" * 200, "Le titre de la rencontre est trop long (200"),
        ("jeudi 14 h | " + "x" * 400 + " | Titre", "Le lieu de la rencontre est trop long (400"),
    ],
)
async def test_planning_errors_name_the_field(chat, app, line, expected) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coord", "/rencontre planifier " + line)
    assert expected in out and "Exemple : `/rencontre planifier" in out, out
    assert "Il manque la date" not in out
    assert await meetings(app) == []


# -- reminders across a time change -------------------------------------------------------
async def test_day_reminders_keep_the_hour_across_a_time_change(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2027, 3, 18, 13, 0, tzinfo=UTC)  # 9 h in Toronto (EDT, since 14 March)
    await chat.type(":moi Coord")
    await plan(chat, "/rencontre planifier le 18 mars 2027 à 9 h | S | Printemps")
    due = {key: job.due_at for key, job in (await jobs(app)).items()}
    assert due["meetings.reminder/1:7j"] == datetime(2027, 3, 11, 14, 0, tzinfo=UTC)  # 9 h EST
    assert due["meetings.reminder/1:1j"] == start - timedelta(days=1)
    assert due["meetings.reminder/1:1h"] == start - timedelta(hours=1)
    posted = await advance_to(chat, clock, datetime(2027, 3, 11, 13, 59, tzinfo=UTC))
    assert "Rappel" not in posted  # 8 h 59 in Toronto: not yet
    posted = await advance_to(chat, clock, datetime(2027, 3, 11, 14, 0, tzinfo=UTC))
    assert "Printemps dans 7 jours" in posted


async def test_replanning_keeps_the_hour_across_a_time_change(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord")
    await plan(chat, "/rencontre planifier le 18 mars 2027 à 9 h | S | Printemps")
    await chat.type("/outarde config rappels 2sem, 10j, 2h")
    due = {key: job.due_at for key, job in (await jobs(app)).items()}
    assert due["meetings.reminder/1:2sem"] == datetime(2027, 3, 4, 14, 0, tzinfo=UTC)  # 9 h EST
    assert due["meetings.reminder/1:10j"] == datetime(2027, 3, 8, 14, 0, tzinfo=UTC)
    assert due["meetings.reminder/1:2h"] == datetime(2027, 3, 18, 11, 0, tzinfo=UTC)  # 7 h EDT


async def test_the_other_channel_is_a_link_on_slack(app) -> None:  # type: ignore[no-untyped-def]
    from bot.context import Actor, Invocation, Place
    from tests.probes import run, say

    def slack(channel: str) -> Invocation:
        return Invocation(Place("slack", "T1", channel), Actor("U1", "Coord"))

    from sqlmodel import select

    from storage.models.meetings import Meeting

    await say(app, slack("C0PLANNED"), "/rencontre planifier jeudi 13 h 30 | Salle")
    async with app.db.session() as session:
        draft = (await session.exec(select(Meeting))).one()
    await run(app, "action", slack("C0PLANNED"), "meetings.confirm", f"d{-(draft.id or 0)}")
    call = await say(app, slack("C0OTHER"), "/rencontre odj #1")
    from adapters.slack.render import escape  # the core names the channel; Slack links it

    assert "La rencontre n° 1 appartient au canal <#C0PLANNED>" in escape(call.text), call.text


async def test_moving_meeting_1_to_yesterday_says_it_is_past(chat) -> None:  # type: ignore[no-untyped-def]
    from tests.bot.features.meetings.test_meetings import plan

    await chat.type(":moi Coco", "/rencontre")
    await plan(chat)
    out = await chat.type("/rencontre reporter 1 hier")
    assert "c'est déjà passé" in out and "je n'ai pas compris « 1 »" not in out
