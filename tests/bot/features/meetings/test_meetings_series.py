"""/rencontre with a span (its own end) and with a series (the year planned at once):
one confirmation for every date, then each meeting on its own, moved or cancelled as a
whole or one at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlmodel import select

from storage.models.meetings import Meeting, TrioSeat
from testkit.web_client import web
from tests.bot.features.meetings.test_meetings import advance_to, evaluation, jobs, meetings
from tests.bot.features.meetings.test_meetings_feed import feed, subscribe

__all__ = ["evaluation", "web"]  # fixtures
TORONTO = ZoneInfo("America/Toronto")
YEAR = (
    "/rencontre annee le 3e jeudi de novembre, février, avril et juin de 13 h 30 à 16 h"
    " | Salle du conseil | Table de quartier"
)
YEAR_DATES = [  # 13 h 30 in Toronto, across the time changes
    datetime(2026, 11, 19, 18, 30, tzinfo=UTC),
    datetime(2027, 2, 18, 18, 30, tzinfo=UTC),
    datetime(2027, 4, 15, 17, 30, tzinfo=UTC),
    datetime(2027, 6, 17, 17, 30, tzinfo=UTC),
]


def ics_events(chat, name: str) -> list:  # type: ignore[no-untyped-def]
    """The events of the latest attachment called ``name`` posted in the channel."""
    files = [f for m in chat.posted.values() for f in m.files if f.name == name]
    return Calendar.from_ical(files[-1].data).walk("VEVENT")


async def plan_year(chat, line: str = YEAR, button: str = "Confirmer les 4 rencontres") -> str:  # type: ignore[no-untyped-def]
    out = await chat.type(line)
    return out + await chat.type(f":clic {chat.last_buttons(button)[-1]}")


async def planned(app) -> list[Meeting]:  # type: ignore[no-untyped-def]
    return sorted(
        (m for m in await meetings(app) if m.status in ("planned", "cancelled")),
        key=lambda m: m.starts_at,
    )


# -- a span: the meeting's own end --------------------------------------------------------
async def test_a_span_gives_the_meeting_its_end_in_calendars_and_evaluation(
    chat, app, clock, evaluation
) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco", "/rencontre planifier mardi 20 octobre 13 h 30 à 16 h | Salle"
    )
    assert "le *mardi 20 octobre 2026 de 13 h 30 à 16 h*" in out
    out = await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    assert "*Quand* : mardi 20 octobre 2026 de 13 h 30 à 16 h" in out
    [meeting] = await planned(app)
    start = datetime(2026, 10, 20, 17, 30, tzinfo=UTC)
    assert meeting.starts_at == start and meeting.ends_at == start + timedelta(hours=2, minutes=30)
    assert (await jobs(app))["meetings.ended/1:fin"].due_at == meeting.ends_at
    [event] = ics_events(chat, "rencontre-1.ics")
    assert event.decoded("DTEND") == datetime(2026, 10, 20, 16, 0, tzinfo=TORONTO)
    out = await advance_to(chat, clock, start - timedelta(days=1))
    assert "mardi 20 octobre 2026 de 13 h 30 à 16 h" in out  # the reminder's text
    await advance_to(chat, clock, start + timedelta(hours=2, minutes=15))
    assert evaluation == []  # duree_rencontre (2 h) is not this meeting's end
    await advance_to(chat, clock, meeting.ends_at)
    assert evaluation == [(1, "Rencontre de la table")]


async def test_moving_a_span_meeting_keeps_its_length_unless_a_new_end_is_given(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre planifier mardi 20 octobre 13 h 30 à 16 h")
    await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    out = await chat.type("/rencontre reporter #1 mardi 27 octobre 9 h")
    assert "mais le *mardi 27 octobre 2026 de 9 h à 11 h 30*" in out
    out = await chat.type("/rencontre reporter #1 mardi 27 octobre 9 h à 12 h")
    assert "mais le *mardi 27 octobre 2026 de 9 h à 12 h*" in out
    [meeting] = await planned(app)
    assert meeting.ends_at == datetime(2026, 10, 27, 16, 0, tzinfo=UTC)
    assert meeting.sequence == 2
    out = await chat.type("/rencontre reporter #1 mardi 27 octobre de 12 h à 9 h")
    assert "la fin (9 h) ne vient pas après le début (12 h)" in out
    assert (await planned(app))[0].ends_at == meeting.ends_at  # unchanged


async def test_a_meeting_with_its_own_end_is_under_way_until_that_end(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre planifier mardi 20 octobre 9 h à 16 h")
    await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    start = datetime(2026, 10, 20, 13, 0, tzinfo=UTC)
    await advance_to(chat, clock, start + timedelta(hours=5))  # past duree_rencontre (2 h)
    out = await chat.type("/rencontre odj ajouter Bilan")
    assert "La rencontre n° 1 est en cours" in out
    await advance_to(chat, clock, start + timedelta(hours=7, minutes=1))  # ended at 16 h
    out = await chat.type("/rencontre odj ajouter Bilan")
    assert "en cours" not in out


async def test_an_english_span(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    out = await chat.type("/rencontre plan October 20 1:30pm to 4pm | Council room")
    assert "Tuesday, October 20, 2026 from 1:30 PM to 4:00 PM" in out
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    [meeting] = await planned(app)
    assert meeting.ends_at == datetime(2026, 10, 20, 20, 0, tzinfo=UTC)


# -- a series: the year at once -----------------------------------------------------------
async def test_planning_a_year_shows_every_date_then_each_meeting_lives_on_its_own(
    chat, app
) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config odj_modele Mot de bienvenue; Tour de table")
    out = await chat.type(YEAR)
    for line in (
        "Planifier 4 rencontres *Table de quartier* (Salle du conseil) ?",
        "1. jeudi 19 novembre 2026 de 13 h 30 à 16 h",
        "2. jeudi 18 février 2027 de 13 h 30 à 16 h",
        "3. jeudi 15 avril 2027 de 13 h 30 à 16 h",
        "4. jeudi 17 juin 2027 de 13 h 30 à 16 h",
    ):
        assert line in out
    assert await jobs(app) == {}  # nothing before the confirmation
    out = await chat.type(f":clic {chat.last_buttons('Confirmer les 4 rencontres')[-1]}")
    assert "C'est planifié : 4 rencontres, n° 1 à n° 4." in out
    assert "• n° 3 — jeudi 15 avril 2027 de 13 h 30 à 16 h" in out
    found = await planned(app)
    assert [m.starts_at for m in found] == YEAR_DATES
    assert [m.id for m in found] == [1, 2, 3, 4]
    assert {m.series_id for m in found} == {1}
    assert all(m.ends_at - m.starts_at == timedelta(hours=2, minutes=30) for m in found)
    scheduled = await jobs(app)
    for number in range(1, 5):  # each its own reminders and end
        assert {f"meetings.reminder/{number}:{o}" for o in ("7j", "1j", "1h")} <= set(scheduled)
        assert f"meetings.ended/{number}:fin" in scheduled
    assert scheduled["meetings.ended/3:fin"].due_at == datetime(2027, 4, 15, 20, 0, tzinfo=UTC)
    events = ics_events(chat, "rencontres.ics")  # one event per meeting, each its own UID
    assert len({str(e["UID"]) for e in events}) == 4
    assert [e.decoded("DTSTART") for e in events] == YEAR_DATES
    # answers and agendas belong to one meeting
    await chat.type(f":clic {chat.last_buttons('Présent·e')[1]}")  # meeting 2's card
    out = await chat.type("/rencontre liste")
    assert "*n° 1 Table de quartier* — jeudi 19 novembre 2026 de 13 h 30 à 16 h" in out
    assert out.count("✅ 1") == 1 and out.count("✅ 0") == 3
    await chat.type("/rencontre odj ajouter #3 Budget")
    assert "Budget" in await chat.type("/rencontre odj #3")
    agenda_one = await chat.type("/rencontre odj #1")
    assert "Tour de table" in agenda_one and "Budget" not in agenda_one
    assert "déjà confirmée" in await chat.type(
        f":clic {chat.last_buttons('Confirmer les 4 rencontres')[-1]}"
    )
    assert len(await planned(app)) == 4


async def test_planifier_also_takes_a_series_and_discarding_plans_nothing(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco", "/rencontre planifier chaque 2e mardi du mois à 9 h jusqu'en janvier"
    )
    assert "Planifier 4 rencontres" in out  # October 13, November 10, December 8, January 12
    assert "1. mardi 13 octobre 2026 à 9 h" in out and "4. mardi 12 janvier 2027 à 9 h" in out
    out = await chat.type(f":clic {chat.last_buttons('Annuler')[-1]}")
    assert "rien n'a été planifié" in out
    assert await meetings(app) == [] and await jobs(app) == {}
    assert "Vous aviez annulé" in await chat.type(
        f":clic {chat.last_buttons('Confirmer les 4 rencontres')[-1]}"
    )


async def test_planifier_reads_a_single_date_first(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/rencontre planifier le dernier vendredi du mois à 12 h")
    assert "Planifier *Rencontre de la table* le *vendredi 30 octobre 2026 à 12 h*" in out
    out = await chat.type("/rencontre annee le dernier vendredi du mois à 12 h jusqu'en décembre")
    assert "Planifier 3 rencontres" in out  # October, November, December
    out = await chat.type("/rencontre planifier le 5e lundi de février")
    assert "Il n'y a pas de 5e lundi en février" in out


async def test_a_series_in_english(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    out = await chat.type(
        "/rencontre year the third Thursday of November and February from 1:30pm to 4pm | Room"
    )
    assert "Plan 2 meetings" in out
    assert "1. Thursday, November 19, 2026 from 1:30 PM to 4:00 PM" in out
    out = await chat.type(f":clic {chat.last_buttons('Confirm the 2 meetings')[-1]}")
    assert "Planned: 2 meetings, #1 to #2." in out
    assert [m.starts_at for m in await planned(app)] == YEAR_DATES[:2]
    out = await chat.type("/rencontre move series +1 week")
    assert "• #2: no longer Thursday, February 18, 2027 from 1:30 PM to 4:00 PM, but" in out
    out = await chat.type("/rencontre cancel series")
    assert "Cancel the 2 upcoming meetings of the series" in out
    out = await chat.type(f":clic {chat.last_buttons('Yes, cancel the series')[-1]}")
    assert "is cancelled: these 2 meetings will not take place" in out


async def test_the_trio_rotates_across_the_series(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")  # Coco is the coordination
    people = "Ana CDC,Bea CLD,Cyr CISSS,Dora MDJ,Eli CJE,Flo SADC"
    for name, organisation in (p.split() for p in people.split(",")):
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco")
    await plan_year(chat)
    await chat.type("/rencontre trio #1", "/rencontre trio #2")
    async with app.db.session() as session:
        seats = (await session.exec(select(TrioSeat))).all()
    first = {s.user_id for s in seats if s.meeting_id == 1}
    second = {s.user_id for s in seats if s.meeting_id == 2}
    assert len(first) == 3 and len(second) == 3
    assert not first & second  # those who served at the first rest at the second


# -- moving and cancelling a series -------------------------------------------------------
async def test_a_series_moves_by_a_shift_or_to_new_dates(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan_year(chat)
    await chat.type(f":clic {chat.last_buttons('Présent·e')[0]}", ":moi Ana")
    await chat.type(f":clic {chat.last_buttons('Présent·e')[0]}", ":moi Coco")
    out = await chat.type("/rencontre deplacer serie #3 +1 semaine")
    assert "📅 Les 4 rencontres à venir de la série *Table de quartier* sont déplacées." in out
    assert (
        "• n° 1 : plus le jeudi 19 novembre 2026 de 13 h 30 à 16 h,"
        " mais le *jeudi 26 novembre 2026 de 13 h 30 à 16 h*" in out
    )
    assert (
        "ces personnes avaient répondu : Ana, Coco" in out
        or "ces personnes avaient répondu : Coco, Ana" in out
    )
    moved = await planned(app)
    assert [m.starts_at for m in moved] == [d + timedelta(weeks=1) for d in YEAR_DATES]
    assert all(m.sequence == 1 for m in moved)
    reminder = (await jobs(app))["meetings.reminder/4:7j"]
    assert reminder.due_at == YEAR_DATES[3]  # a week later, so 7 days before is the old date
    events = ics_events(chat, "rencontres.ics")
    assert [e["SEQUENCE"] for e in events] == [1, 1, 1, 1]
    out = await chat.type(
        "/rencontre deplacer serie le 2e mercredi de décembre, mars, mai et juin à 9 h"
    )
    assert "mais le *mercredi 9 décembre 2026 de 9 h à 11 h 30*" in out  # each keeps its length
    assert [m.starts_at.month for m in await planned(app)] == [12, 3, 5, 6]
    out = await chat.type("/rencontre deplacer serie chaque 1er lundi du mois à 9 h (3 fois)")
    assert (
        "encore 4 rencontres à venir, mais"
        " « chaque 1er lundi du mois à 9 h (3 fois) » donne 3 dates" in out
    )
    out = await chat.type("/rencontre deplacer serie 1 semaine plus tôt")  # 1: no meeting number
    assert "mais le *mercredi 2 décembre 2026 de 9 h à 11 h 30*" in out
    out = await chat.type("/rencontre deplacer serie 3 1 semaine plus tard")  # meeting 3's series
    assert "mais le *mercredi 9 décembre 2026 de 9 h à 11 h 30*" in out
    out = await chat.type("/rencontre deplacer serie -1 an")
    assert "/rencontre deplacer serie #1 +1 semaine" in out  # what to type
    out = await chat.type("/rencontre deplacer serie -10 semaines")
    assert "déjà passé" in out
    # one meeting alone
    out = await chat.type("/rencontre deplacer #2 jeudi 11 mars 2027 13 h")
    assert "mais le *jeudi 11 mars 2027 de 13 h à 15 h 30*" in out
    assert [m.starts_at.day for m in await planned(app)] == [9, 11, 12, 9]


async def test_a_series_is_cancelled_as_a_whole_or_one_meeting_at_a_time(chat, app, web) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan_year(chat)
    _, path = await subscribe(chat)
    out = await chat.type("/rencontre annuler #2")
    await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    out = await chat.type("/rencontre annuler serie #1")
    assert "Annuler les 3 rencontres à venir de la série *Table de quartier* ?" in out
    assert "n° 2" not in out
    await chat.type(f":clic {chat.last_buttons('Non, la garder')[-1]}")
    out = await chat.type(f":clic {chat.last_buttons('Oui, annuler la série')[-1]}")
    assert "n'est plus valide" in out  # « Non » disarmed it
    await chat.type("/rencontre annuler serie")
    yes = chat.last_buttons("Oui, annuler la série")[-1]
    await chat.type("/rencontre deplacer #4 jeudi 24 juin 2027 13 h 30")  # the series changed
    assert "n'est plus valide" in await chat.type(f":clic {yes}")
    await chat.type("/rencontre annuler serie #3")
    out = await chat.type(f":clic {chat.last_buttons('Oui, annuler la série')[-1]}")
    assert (
        "❌ La série *Table de quartier* est annulée : ces 3 rencontres n'auront pas lieu." in out
    )
    assert {m.status for m in await planned(app)} == {"cancelled"}
    assert not [
        j
        for j in (await jobs(app)).values()
        if j.status == "pending" and j.kind != "meetings.cancel_question"
    ]
    events = (await feed(web, path)).walk("VEVENT")
    assert len(events) == 4 and len({str(e["UID"]) for e in events}) == 4
    assert {str(e["STATUS"]) for e in events} == {"CANCELLED"}
    spans = {e.decoded("DTEND") - e.decoded("DTSTART") for e in events}
    assert spans == {timedelta(hours=2, minutes=30)}  # the feed ends each at its own end
    assert all(e["SEQUENCE"] >= 1 for e in events)
    assert "Aucune série de rencontres à venir" in await chat.type("/rencontre annuler serie")


async def test_series_refusals_say_what_to_type(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/rencontre annee jeudi 13 h 30")
    assert "n'est pas une série de dates" in out and "/rencontre annee le 3e jeudi" in out
    out = await chat.type("/rencontre annee")
    assert "Il manque les dates de la série" in out
    out = await chat.type("/rencontre annee le 5e lundi de février")
    assert "Il n'y a pas de 5e lundi en février" in out and "Planifier" not in out
    out = await chat.type("/rencontre annee tous les lundis à 9 h")
    assert "plus que le maximum de 24" in out and "Planifier" not in out
    await chat.type("/rencontre planifier jeudi 13 h")
    await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    out = await chat.type("/rencontre deplacer serie #1 +1 semaine")
    assert "La rencontre n° 1 ne fait pas partie d'une série" in out
    out = await chat.type("/rencontre annuler serie n'importe quoi")
    assert "donnez le numéro d'une rencontre de la série" in out
    await chat.type(":moi Ana")
    out = await chat.type(YEAR)
    assert "Planifier" not in out and await jobs(app) != {}  # only the coordination plans
    assert len(await meetings(app)) == 1


async def test_the_ics_of_a_series_has_one_event_per_meeting(chat, app) -> None:  # type: ignore[no-untyped-def]
    private = []
    original_send = chat.send

    async def keep(message):  # type: ignore[no-untyped-def]
        if message.ephemeral:
            private.append(message)
        return await original_send(message)

    chat.send = keep
    await chat.type(":moi Coco")
    await plan_year(chat)
    await chat.type("/rencontre annuler #2")
    await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    out = await chat.type("/rencontre ics serie #4")
    assert "rencontres.ics" in out
    [ics] = [f for m in private for f in m.files if f.name == "rencontres.ics"]
    events = Calendar.from_ical(ics.data).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == YEAR_DATES
    assert len({str(e["UID"]) for e in events}) == 4
    assert [str(e["STATUS"]) for e in events] == [
        "CONFIRMED",
        "CANCELLED",
        "CONFIRMED",
        "CONFIRMED",
    ]
    assert [e["SEQUENCE"] for e in events] == [0, 1, 0, 0]
    assert [e.decoded("DTEND") - e.decoded("DTSTART") for e in events] == [
        timedelta(hours=2, minutes=30)
    ] * 4
    out = await chat.type("/rencontre ics serie #1 #2")
    assert "donnez le numéro d'une rencontre de la série" in out
