"""Sending e-mail through the SMTP server of the environment (OUTARDE_SMTP_*), stdlib only.

A header never carries a line break from a person's text; a send that fails raises, so the
job that sends it is tried again later (the mail waits, it is not lost).
"""

from __future__ import annotations

import asyncio
import os
import re
import smtplib
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
MAX_ADDRESS = 254


class MailOff(RuntimeError):
    """No SMTP server is configured (OUTARDE_SMTP_HOST)."""


def valid_address(text: str) -> str | None:
    """The address in canonical form (domain lower-cased), None when it is not one."""
    text = text.strip().strip("<>")
    if len(text) > MAX_ADDRESS or not ADDRESS.fullmatch(text):
        return None
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def one_line(text: str, limit: int = 200) -> str:
    """Header text: no CR, LF or other control character, bounded."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()[:limit]


def configured() -> bool:
    return bool(os.environ.get("OUTARDE_SMTP_HOST", "").strip())


def compose(to: str, subject: str, body: str, unsubscribe: str | None) -> EmailMessage:
    """A plain-text mail; ``unsubscribe`` adds the one-click List-Unsubscribe headers."""
    sender = os.environ.get("OUTARDE_SMTP_FROM", "outarde@localhost")
    message = EmailMessage()
    message["From"] = formataddr(("Outarde", one_line(sender)))
    message["To"] = one_line(to, MAX_ADDRESS)
    message["Subject"] = one_line(subject)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{one_line(unsubscribe, 500)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(body)
    return message


def _send(message: EmailMessage) -> None:
    host = os.environ.get("OUTARDE_SMTP_HOST", "").strip()
    if not host:
        raise MailOff("OUTARDE_SMTP_HOST is not set")
    port = int(os.environ.get("OUTARDE_SMTP_PORT", "587") or 587)
    user = os.environ.get("OUTARDE_SMTP_USER", "")
    with smtplib.SMTP(host, port, timeout=20) as smtp:
        if os.environ.get("OUTARDE_SMTP_STARTTLS", "1") != "0":
            smtp.starttls()
        if user:
            smtp.login(user, os.environ.get("OUTARDE_SMTP_PASSWORD", ""))
        smtp.send_message(message)


async def send(message: EmailMessage) -> None:
    """Hand ``message`` to the SMTP server (in a thread: the event loop keeps running)."""
    await asyncio.to_thread(_send, message)
