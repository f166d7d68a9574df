"""Meeting invitations by mail: iTIP REQUEST, updated (SEQUENCE) when moved, CANCEL when
cancelled; signed one-click answers recorded like the buttons, once, until they expire."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage

import pytest
from icalendar import Calendar

from testkit.browser import dom
from testkit.mail_server import MailServer, mail_server
from testkit.web_client import web
from tests.bot.features.meetings.test_meetings import plan

__all__ = ["mail_server", "web"]  # fixtures
ANSWER = re.compile(r"^(Présent·e|Absent·e|Représenté·e) : (\S+)$", re.M)


def calendar_of(mail: EmailMessage) -> tuple[str, Calendar]:
    """The mail's text/calendar part: its method parameter and the parsed calendar."""
    [part] = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_content())  # type: ignore[return-value]


def answers(mail: EmailMessage) -> dict[str, str]:
    body = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    return dict(ANSWER.findall(body))


async def invited(chat, app, mail_server: MailServer) -> EmailMessage:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde courriel ajouter elu@mrc.qc.ca MRC des Collines")
    await plan(chat)
    await app.run_due()
    [mail] = mail_server.inbox.to("elu@mrc.qc.ca")
    return mail


async def test_invitations_follow_the_meeting_as_it_moves_and_is_cancelled(
    chat, web, mail_server: MailServer, app
) -> None:  # type: ignore[no-untyped-def]
    mail = await invited(chat, app, mail_server)
    assert mail["Subject"].startswith("Invitation : Rencontre d'automne")
    method, calendar = calendar_of(mail)
    assert method == "REQUEST" and calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    uid = str(event["UID"])
    assert int(event["SEQUENCE"]) == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ATTENDEE"]) == "mailto:elu@mrc.qc.ca"
    assert str(event["ORGANIZER"]) == "mailto:table@outarde.test"
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    assert "Salle du conseil" in str(event["LOCATION"])
    assert set(answers(mail)) == {"Présent·e", "Absent·e", "Représenté·e"}
    assert any(p.get_filename() == "invitation.ics" for p in mail.walk())

    mail_server.inbox.mails.clear()
    await chat.type("/rencontre reporter 22 octobre 9 h")
    await app.run_due()
    [moved] = mail_server.inbox.to("elu@mrc.qc.ca")
    method, calendar = calendar_of(moved)
    [event] = calendar.walk("VEVENT")
    assert method == "REQUEST" and str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").hour == 9

    mail_server.inbox.mails.clear()
    await chat.type("/rencontre annuler")
    await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    await app.run_due()
    [cancelled] = mail_server.inbox.to("elu@mrc.qc.ca")
    assert cancelled["Subject"].startswith("Annulée : Rencontre d'automne")
    method, calendar = calendar_of(cancelled)
    [event] = calendar.walk("VEVENT")
    assert method == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 2
    assert str(event["STATUS"]) == "CANCELLED" and answers(cancelled) == {}


async def test_a_signed_answer_is_recorded_once_and_says_when_it_no_longer_works(
    chat, web, mail_server: MailServer, app, clock
) -> None:  # type: ignore[no-untyped-def]
    links = answers(await invited(chat, app, mail_server))
    present = links["Présent·e"].removeprefix(web.base)
    status, headers, page = await web.get(present)  # opening asks: a mail scanner records nothing
    asked = page.decode()
    assert status == 200 and '<form method="post">' in asked and "Merci" not in asked
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "✅ 0 · ❌ 0 · 🔁 0" in await chat.type("/rencontre liste")
    status, headers, page = await web.post(present)  # the person's click on « Oui »
    assert status == 200 and "Merci" in page.decode() and "« Présent·e »" in page.decode()
    await app.run_due()  # the meeting's card is brought up to date
    assert "✅ 1 · ❌ 0 · 🔁 0" in await chat.type("/rencontre liste")
    assert "MRC des Collines (elu@mrc.qc.ca)" in await chat.type("/rencontre 1")

    status, _, page = await web.post(present)  # reused: says so, changes nothing
    assert status == 410 and "déjà servi" in page.decode()
    status, _, page = await web.post(links["Absent·e"].removeprefix(web.base))
    assert status == 200 and "« Absent·e »" in page.decode()
    assert "✅ 0 · ❌ 1 · 🔁 0" in await chat.type("/rencontre liste")

    forged = present[:-3] + ("AAA" if not present.endswith("AAA") else "BBB")
    status, _, page = await web.get(forged)
    assert status == 404 and page == b"404"  # no detail
    assert (await web.post(forged))[0] == 404
    assert (await web.get("/lien/pas-un-lien"))[0] == 404

    clock.advance(timedelta(days=30))  # the meeting is over: the link has expired
    status, _, page = await web.get(links["Représenté·e"].removeprefix(web.base))
    assert status == 404 and "expiré" in page.decode()


async def test_a_title_cannot_inject_a_header_or_a_calendar_line(
    chat, web, mail_server: MailServer, app
) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde courriel ajouter elu@mrc.qc.ca")
    await plan(
        chat,
        "/rencontre planifier 20 octobre 13 h 30 | Zoom\rATTENDEE:mailto:x@evil.org"
        " | Bilan\r\nBcc: espion@evil.org",
    )
    await app.run_due()
    [mail] = mail_server.inbox.to("elu@mrc.qc.ca")
    assert mail["Bcc"] is None and "\n" not in mail["Subject"] and "\r" not in mail["Subject"]
    [part] = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    raw = part.get_content()
    lines = raw.replace("\r\n ", "").splitlines()  # unfolded
    assert not [line for line in lines if line.upper().startswith(("BCC", "ATTENDEE:MAILTO:X"))]
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    attendees = event["ATTENDEE"]
    assert str(attendees) == "mailto:elu@mrc.qc.ca"  # one attendee: the partner


@pytest.mark.browser
async def test_a_partner_clicks_an_answer_in_the_browser(chat, web, mail_server, app) -> None:  # type: ignore[no-untyped-def]
    links = answers(await invited(chat, app, mail_server))
    first = " ".join((await dom(links["Représenté·e"])).split())
    assert "« Représenté·e »" in first and 'lang="fr-CA"' in first and "Oui : Représenté·e" in first
    assert "✅ 0 · ❌ 0 · 🔁 0" in await chat.type("/rencontre liste")  # opened: nothing recorded
    await web.post(links["Représenté·e"].removeprefix(web.base))  # what the page's button sends
    again = " ".join((await dom(links["Représenté·e"])).split())
    assert "Ce lien a déjà servi" in again
    assert "✅ 0 · ❌ 0 · 🔁 1" in await chat.type("/rencontre liste")

