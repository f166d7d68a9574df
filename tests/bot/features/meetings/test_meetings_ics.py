"""/rencontre ics: calendar files in the workspace's zone, stable UID, SEQUENCE and STATUS."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.bot.features.meetings.test_meetings import plan

TORONTO = ZoneInfo("America/Toronto")


def events(chat, name: str, zone: str = "America/Toronto") -> list:  # type: ignore[no-untyped-def]
    """The events of the latest attachment called ``name`` the chat received."""
    files = [f for m in [*chat.posted.values(), *chat.private] for f in m.files if f.name == name]
    calendar = Calendar.from_ical(files[-1].data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
    return calendar.walk("VEVENT")


async def test_meeting_ics_has_zone_times_uid_and_sequence(chat) -> None:  # type: ignore[no-untyped-def]
    chat.private = []
    original_send = chat.send

    async def keep(message):  # type: ignore[no-untyped-def]
        if message.ephemeral:
            chat.private.append(message)
        return await original_send(message)

    chat.send = keep
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type("/rencontre odj ajouter Bilan du projet")
    [event] = events(chat, "rencontre-1.ics")
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 10, 20, 13, 30, tzinfo=TORONTO)
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert event.decoded("DTEND") - start == timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Rencontre d'automne"
    assert str(event["LOCATION"]) == "Salle du conseil, MRC"
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"
    uid = str(event["UID"])

    await chat.type("/rencontre reporter #1 mardi 27 octobre 15 h")
    [moved] = events(chat, "rencontre-1.ics")
    assert str(moved["UID"]) == uid and moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == datetime(2026, 10, 27, 15, 0, tzinfo=TORONTO)
    assert "Bilan du projet" in str(moved["DESCRIPTION"])

    await plan(chat, "/rencontre planifier 3 novembre 9 h | Zoom | Bilan")
    await chat.type("/rencontre ics")
    both = events(chat, "rencontres.ics")
    assert [str(e["SUMMARY"]) for e in both] == ["Rencontre d'automne", "Bilan"]
    assert both[1].decoded("DTSTART") == datetime(2026, 11, 3, 9, 0, tzinfo=TORONTO)  # EST now

    await chat.type("/rencontre annuler #1")
    await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    [cancelled] = events(chat, "rencontre-1.ics")
    assert str(cancelled["UID"]) == uid and cancelled["SEQUENCE"] == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    out = await chat.type("/rencontre ics 1", "/rencontre ics abc", "/rencontre ics 77")
    assert "pour 1 rencontre :" in out and "Exemple : `/rencontre ics`" in out
    assert "Je ne trouve pas la rencontre « 77 »" in out


async def test_ics_follows_the_workspace_zone(chat) -> None:  # type: ignore[no-untyped-def]
    chat.private = []
    await chat.type(":moi Coco", "/outarde config fuseau America/Vancouver")
    await plan(chat, "/rencontre planifier mardi 20 octobre 10 h | Zoom")
    [event] = events(chat, "rencontre-1.ics", "America/Vancouver")
    assert event["DTSTART"].params["TZID"] == "America/Vancouver"
    assert event.decoded("DTSTART") == datetime(
        2026, 10, 20, 10, 0, tzinfo=ZoneInfo("America/Vancouver")
    )
