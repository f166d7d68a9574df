"""/outarde courriel: digests for partners outside the chat, through a real SMTP server."""

from __future__ import annotations

import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller

from testkit.web_client import web
from tests.bot.features.meetings.test_meetings import plan

__all__ = ["web"]  # fixture


class Inbox:
    """aiosmtpd's handler: keeps each mail received."""

    def __init__(self) -> None:
        self.mails: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        self.mails.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch):  # type: ignore[no-untyped-def]
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("OUTARDE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OUTARDE_SMTP_PORT", str(port))
    monkeypatch.setenv("OUTARDE_SMTP_STARTTLS", "0")
    monkeypatch.setenv("OUTARDE_SMTP_FROM", "table@outarde.test")
    yield inbox
    controller.stop()


async def test_a_partner_gets_the_digest_and_can_unsubscribe(chat, web, smtp, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    assert "pas une adresse" in await chat.type("/outarde courriel ajouter pas-une-adresse")
    assert "DG@cdc.org" in await chat.type("/outarde courriel ajouter DG@CDC.ORG CDC des Moulins")
    await chat.type("/outarde courriel ajouter elu@mrc.qc.ca")
    assert "2 adresses" in await chat.type("/outarde courriel envoyer")
    await app.run_due()
    assert sorted(m["To"] for m in smtp.mails) == ["DG@cdc.org", "elu@mrc.qc.ca"]
    [mail] = [m for m in smtp.mails if m["To"] == "DG@cdc.org"]
    body = mail.get_content()
    assert "Prochaines rencontres" in body and "Rencontre d'automne" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"<(.+)>", mail["List-Unsubscribe"]).group(1)  # type: ignore[union-attr]
    assert link in body
    path = link.removeprefix(web.base)

    status, _, page = await web.get(path)  # a mail scanner's GET changes nothing
    assert status == 200 and b"<form" in page
    status, _, page = await web.post(path)
    assert status == 200 and b"ne recevra plus" in page
    smtp.mails.clear()
    assert "1 adresse" in await chat.type("/outarde courriel envoyer")
    await app.run_due()
    assert [m["To"] for m in smtp.mails] == ["elu@mrc.qc.ca"]


async def test_a_server_that_is_down_delays_the_mail(chat, web, clock, app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    monkeypatch.setenv("OUTARDE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("OUTARDE_SMTP_PORT", str(free_port()))  # nobody listens
    monkeypatch.setenv("OUTARDE_SMTP_STARTTLS", "0")
    await chat.type(
        ":moi Coco", "/outarde courriel ajouter elu@mrc.qc.ca", "/outarde courriel envoyer"
    )
    await app.run_due()  # refused: the job waits
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("OUTARDE_SMTP_PORT", str(port))
        clock.advance(timedelta(minutes=5))
        await app.run_due()
        assert [m["To"] for m in inbox.mails] == ["elu@mrc.qc.ca"]
        clock.advance(timedelta(hours=1))
        await app.run_due()
        assert len(inbox.mails) == 1  # never twice
    finally:
        controller.stop()


async def test_only_the_coordination_manages_the_addresses(chat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("OUTARDE_SMTP_HOST", raising=False)
    await chat.type(":moi Coco")
    assert "OUTARDE_SMTP_HOST" in await chat.type(
        "/outarde courriel ajouter a@b.org", "/outarde courriel envoyer"
    )
    assert "coordination" in (await chat.type(":moi Bruno", "/outarde courriel liste")).lower()
