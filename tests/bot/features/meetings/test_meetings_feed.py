"""/rencontre calendrier: a channel's secret calendar feed, read back through the web server."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from testkit.web_client import web
from tests.bot.features.meetings.test_meetings import plan

__all__ = ["web"]  # fixture
TORONTO = ZoneInfo("America/Toronto")
FEED = re.compile(r"(https?://\S+/cal/([A-Za-z0-9_-]+)\.ics)")


async def subscribe(chat, line: str = "/rencontre calendrier") -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The feed's https link and path from the bot's answer (its webcal:// twin checked)."""
    out = await chat.type(line)
    url, token = FEED.search(out).groups()  # type: ignore[union-attr]
    assert "webcal://" + url.split("://", 1)[1] in out
    assert "Outlook" in out and "Google" in out
    return url, f"/cal/{token}.ics"


async def feed(web, path: str) -> Calendar:  # type: ignore[no-untyped-def]
    status, headers, body = await web.get(path)
    assert status == 200, body
    assert headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(body)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    return calendar


async def test_the_feed_follows_the_meetings_of_the_channel(chat, web) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type("/rencontre odj ajouter Bilan du projet")
    await chat.type(f":clic {chat.last_buttons('Présent·e')[-1]}")
    _, path = await subscribe(chat)
    [event] = (await feed(web, path)).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert event.decoded("DTSTART") == datetime(2026, 10, 20, 13, 30, tzinfo=TORONTO)
    assert str(event["LOCATION"]) == "Salle du conseil, MRC"
    assert str(event["STATUS"]) == "CONFIRMED" and event["SEQUENCE"] == 0
    description = str(event["DESCRIPTION"])
    assert "Bilan du projet" in description and "Présent·es : 1" in description
    uid = str(event["UID"])

    await chat.type("/rencontre reporter #1 mardi 27 octobre 15 h")
    [moved] = (await feed(web, path)).walk("VEVENT")
    assert str(moved["UID"]) == uid and moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == datetime(2026, 10, 27, 15, 0, tzinfo=TORONTO)

    await plan(chat, "/rencontre planifier 3 novembre 9 h | https://zoom.us/j/123 | Bilan")
    await chat.type(":canal autre", "/rencontre planifier 4 novembre 9 h | Ailleurs | Autre canal")
    await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}", ":canal general")
    await chat.type("/rencontre annuler #1")
    await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    cancelled, online = (await feed(web, path)).walk("VEVENT")
    assert str(cancelled["UID"]) == uid and str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] == 2
    assert str(online["URL"]) == "https://zoom.us/j/123"  # the other channel's is not there


async def test_a_new_link_revokes_the_old_one(chat, web) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    _, first = await subscribe(chat)
    assert (await subscribe(chat))[1] == first  # asking again gives the same link
    await chat.type(":moi Bruno")
    refused = await chat.type("/rencontre calendrier nouveau-lien")
    assert "coordination" in refused.lower()
    assert (await web.get(first))[0] == 200  # a refusal changed nothing
    await chat.type(":moi Coco")
    _, second = await subscribe(chat, "/rencontre calendrier nouveau-lien")
    assert second != first
    assert (await web.get(first))[0] == 404
    assert (await web.get(second))[0] == 200
    assert "/rencontre calendrier" in await chat.type("/rencontre calendrier n'importe quoi")


async def test_without_a_public_address_the_bot_says_what_to_set(chat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("OUTARDE_PUBLIC_URL", raising=False)
    out = await chat.type(":moi Coco", "/rencontre calendrier")
    assert "OUTARDE_PUBLIC_URL" in out and "/rencontre ics" in out


async def test_hostile_text_cannot_add_calendar_lines(chat, web) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat, "/rencontre planifier 20 octobre 9 h | Salle\\r\\nATTENDEE:x | Titre")
    await chat.type("/rencontre odj ajouter Point END:VEVENT BEGIN:VEVENT")
    _, path = await subscribe(chat)
    body = (await web.get(path))[2]
    lines = body.decode().split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert not any(line.startswith("ATTENDEE") for line in lines)
    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert "END:VEVENT BEGIN:VEVENT" in str(event["DESCRIPTION"]) and "ATTENDEE" not in event
