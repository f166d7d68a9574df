"""/outarde courriel: digests for partners outside the chat, through a real SMTP server and
the outbox (a server down delays, a refusal is recorded, nothing is sent twice)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from storage.models import Outbox
from testkit.mail_server import MailServer, mail_server
from testkit.web_client import web
from tests.bot.features.meetings.test_meetings import plan

__all__ = ["mail_server", "web"]  # fixtures


async def outbox_rows(app) -> list[Outbox]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return list((await session.exec(select(Outbox))).all())


async def test_a_partner_gets_the_digest_and_can_unsubscribe(chat, web, mail_server, app) -> None:  # type: ignore[no-untyped-def]
    inbox = mail_server.inbox
    await chat.type(":moi Coco")
    await plan(chat)
    assert "pas une adresse" in await chat.type("/outarde courriel ajouter pas-une-adresse")
    assert "DG@cdc.org" in await chat.type("/outarde courriel ajouter DG@CDC.ORG CDC des Moulins")
    await chat.type("/outarde courriel ajouter elu@mrc.qc.ca")
    assert "2 adresses" in await chat.type("/outarde courriel envoyer")
    await app.run_due()
    assert sorted(m["To"] for m in inbox.mails) == ["DG@cdc.org", "elu@mrc.qc.ca"]
    [mail] = inbox.to("DG@cdc.org")
    body = mail.get_content()
    assert "Prochaine rencontre : Rencontre d'automne" in body and "Salle du conseil" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"<(.+)>", mail["List-Unsubscribe"]).group(1)  # type: ignore[union-attr]
    assert link in body
    path = link.removeprefix(web.base)

    status, _, page = await web.get(path)  # a mail scanner's GET changes nothing
    assert status == 200 and b"<form" in page
    status, _, page = await web.post(path)
    assert status == 200 and b"ne recevra plus" in page
    inbox.mails.clear()
    assert "1 adresse" in await chat.type("/outarde courriel envoyer")
    await app.run_due()
    assert [m["To"] for m in inbox.mails] == ["elu@mrc.qc.ca"]


async def test_a_server_that_is_down_delays_the_mail_without_losing_it(
    chat, web, mail_server: MailServer, clock, app
) -> None:  # type: ignore[no-untyped-def]
    mail_server.stop()  # the server is down
    await chat.type(
        ":moi Coco", "/outarde courriel ajouter elu@mrc.qc.ca", "/outarde courriel envoyer"
    )
    await app.run_due()
    [row] = await outbox_rows(app)
    assert row.status == "queued" and row.attempts == 1 and row.last_error  # waits
    for _ in range(4):  # down for a while: more tries than a chat message gets
        clock.advance(timedelta(hours=1))
        await app.run_due()
    [row] = await outbox_rows(app)
    assert row.status == "queued" and row.attempts == 5
    assert mail_server.inbox.mails == []

    mail_server.start()  # back on the same port
    clock.advance(timedelta(hours=1))
    await app.run_due()
    assert [m["To"] for m in mail_server.inbox.mails] == ["elu@mrc.qc.ca"]
    [row] = await outbox_rows(app)
    assert row.status == "sent" and row.ref == mail_server.inbox.mails[0]["Message-ID"]
    clock.advance(timedelta(days=1))
    await app.run_due()
    assert len(mail_server.inbox.mails) == 1  # never twice


async def test_a_refused_address_is_recorded_and_shown_to_the_coordination(
    chat, web, mail_server: MailServer, clock, app, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    mail_server.inbox.refuse.add("parti@nulle-part.org")
    monkeypatch.setenv("OUTARDE_SMTP_BOUNCES", "retours@outarde.test")
    await chat.type(
        ":moi Coco",
        "/outarde courriel ajouter parti@nulle-part.org Organisme fermé",
        "/outarde courriel ajouter elu@mrc.qc.ca",
        "/outarde courriel envoyer",
    )
    await app.run_due()
    assert [m["To"] for m in mail_server.inbox.mails] == ["elu@mrc.qc.ca"]
    assert mail_server.inbox.senders == ["retours@outarde.test"]  # mails come back there
    assert mail_server.inbox.mails[0]["From"] == "Outarde <table@outarde.test>"
    rows = {row.status for row in await outbox_rows(app)}
    assert rows == {"sent", "failed"}  # the refusal is final: not tried again
    listing = await chat.type("/outarde courriel liste")
    assert "parti@nulle-part.org (Organisme fermé) — refusée le" in listing
    assert "550" in listing and "1 adresse a été refusée" in listing

    mail_server.inbox.mails.clear()
    out = await chat.type("/outarde courriel envoyer")  # the refused one waits
    assert "1 adresse." in out and "1 adresse a été refusée" in out
    clock.advance(timedelta(hours=2))
    await app.run_due()
    assert [m["To"] for m in mail_server.inbox.mails] == ["elu@mrc.qc.ca"]

    # a mail that came back later, read in the bounce mailbox, is recorded by hand
    out = await chat.type("/outarde courriel refus elu@mrc.qc.ca boîte pleine\r\nBcc: x@y.z")
    assert "sont revenus" in out
    listing = await chat.type("/outarde courriel liste")
    assert "boîte pleine Bcc: x@y.z" in listing and "2 adresses ont été refusées" in listing
    out = await chat.type("/outarde courriel envoyer")  # every address refused: says so
    assert "refusé chacune des 2 adresses" in out and "Aucune adresse" not in out
    # added again (checked with the person): written to again
    await chat.type("/outarde courriel ajouter parti@nulle-part.org")
    assert "refusée" not in (await chat.type("/outarde courriel liste")).split("elu@")[0]


async def test_only_the_coordination_manages_the_addresses(chat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("OUTARDE_SMTP_HOST", raising=False)
    monkeypatch.delenv("OUTARDE_SMTP_URL", raising=False)
    await chat.type(":moi Coco")
    assert "OUTARDE_SMTP_HOST" in await chat.type(
        "/outarde courriel ajouter a@b.org", "/outarde courriel envoyer"
    )
    assert "coordination" in (await chat.type(":moi Bruno", "/outarde courriel liste")).lower()
    assert "/outarde courriel" in await chat.type(":moi Coco", "/outarde courriel refus")


async def test_two_processes_delivering_at_once_send_a_mail_once(
    chat, web, mail_server: MailServer, clock, app
) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    from bot.outbox import Sender

    mail_server.stop()
    await chat.type(
        ":moi Coco",
        "/outarde courriel ajouter elu@mrc.qc.ca",
        "/outarde courriel ajouter dg@cdc.org",
        "/outarde courriel envoyer",
    )
    await app.run_due()  # both mails wait in the outbox
    mail_server.start()
    clock.advance(timedelta(hours=1))
    other = Sender(app.db, app.clock, app.courier)  # a second replica
    await asyncio.gather(app.sender.send_due(), other.send_due(), app.sender.send_due())
    assert sorted(m["To"] for m in mail_server.inbox.mails) == ["dg@cdc.org", "elu@mrc.qc.ca"]
    assert {row.status for row in await outbox_rows(app)} == {"sent"}
