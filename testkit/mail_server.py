"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the tests: it keeps what it receives,
refuses the addresses it is told to (550), and can be stopped and started again."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd's handler: each mail received; ``refuse`` holds addresses answered 550."""

    def __init__(self) -> None:
        self.mails: list[EmailMessage] = []
        self.senders: list[str] = []  # each mail's envelope sender (where bounces go)
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # type: ignore[no-untyped-def]
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(message)  # type: ignore[arg-type]
        self.senders.append(envelope.mail_from)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.mails if m["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """aiosmtpd on a fixed port, which a test may stop (the server is down) and start."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def mail_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    """The running server, named by ``OUTARDE_SMTP_URL`` (no TLS: a local relay)."""
    server = MailServer()
    server.start()
    monkeypatch.delenv("OUTARDE_SMTP_HOST", raising=False)
    monkeypatch.setenv("OUTARDE_SMTP_URL", f"smtp+plain://127.0.0.1:{server.port}")
    monkeypatch.setenv("OUTARDE_SMTP_FROM", "table@outarde.test")
    monkeypatch.setenv("OUTARDE_LINK_SECRET", "the tests' own link secret, long enough")
    yield server
    server.stop()
