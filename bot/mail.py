"""E-mail through the SMTP server of the environment (``OUTARDE_SMTP_URL`` or OUTARDE_SMTP_*).

Mails are job outputs (``bot.messages.Mail``) delivered by the outbox: a server that is down
or answers 4xx makes the outbox try again later (the mail waits, it is never lost); a 5xx
refusal of the address (``Refused``) is final and recorded on the directory entry, for the
coordination to see. A header never carries a line break from a person's text. The
Message-ID comes from the outbox token: should a crash hide that the server took a mail, the
mail sent again is the same message (same Message-ID) for the mail clients that merge them.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import unquote, urlsplit

from sqlmodel import col, update

from bot.messages import Mail
from storage.models.web import MailContact

MAX_ADDRESS = 254
TIMEOUT = 10.0  # under the outbox's lease (15 s): a send has ended before anyone resumes it


class MailOff(RuntimeError):
    """No SMTP server is configured (OUTARDE_SMTP_URL or OUTARDE_SMTP_HOST)."""


class Refused(RuntimeError):
    """The server refused the address or the mail for good (SMTP 5xx): not tried again."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"{code} {reason}")
        self.code = code
        self.reason = one_line(reason, 300)


@dataclass(frozen=True)
class Server:
    """Where and how to hand mails over."""

    host: str
    port: int
    user: str = ""
    password: str = ""
    tls: str = "starttls"  # starttls, ssl (smtps://) or none


def valid_address(text: str) -> str | None:
    """The address in canonical form (email-validator's: domain lower-cased), None when it is
    not one. Its syntax only: whether the mailbox exists, the server's answer tells."""
    text = text.strip().strip("<>")
    if len(text) > MAX_ADDRESS or re.search(r"[\x00-\x20\x7f\u2028\u2029\x85]", text):
        return None
    from email_validator import EmailNotValidError, validate_email  # loaded at the first address

    try:
        found = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return None
    return found.normalized if len(found.normalized) <= MAX_ADDRESS else None


def one_line(text: str, limit: int = 200) -> str:
    """Header text: no CR, LF or other control character, bounded."""
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]+", " ", text).strip()[:limit]


def server() -> Server | None:
    """The SMTP server the environment names; None when mail is off.

    ``OUTARDE_SMTP_URL``: ``smtp://user:password@host:587`` (STARTTLS), ``smtps://…:465``
    (TLS from the start) or ``smtp+plain://host:25`` (a local relay, no TLS). Otherwise
    ``OUTARDE_SMTP_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD`` and ``_STARTTLS`` (``0``: none).
    """
    url = os.environ.get("OUTARDE_SMTP_URL", "").strip()
    if url:
        parts = urlsplit(url)
        tls = {"smtp": "starttls", "smtps": "ssl", "smtp+plain": "none"}.get(parts.scheme)
        if tls is None or not parts.hostname:
            return None
        default = 465 if tls == "ssl" else 587
        return Server(
            parts.hostname,
            parts.port or default,
            unquote(parts.username or ""),
            unquote(parts.password or ""),
            tls,
        )
    host = os.environ.get("OUTARDE_SMTP_HOST", "").strip()
    if not host:
        return None
    return Server(
        host,
        int(os.environ.get("OUTARDE_SMTP_PORT", "587") or 587),
        os.environ.get("OUTARDE_SMTP_USER", ""),
        os.environ.get("OUTARDE_SMTP_PASSWORD", ""),
        "starttls" if os.environ.get("OUTARDE_SMTP_STARTTLS", "1") != "0" else "none",
    )


def configured() -> bool:
    return server() is not None


def sender_address() -> str:
    return one_line(os.environ.get("OUTARDE_SMTP_FROM", "outarde@localhost"), MAX_ADDRESS)


def bounce_address() -> str | None:
    """Where servers return mails they could not deliver (``OUTARDE_SMTP_BOUNCES``: the
    envelope sender; the sender address by default)."""
    value = one_line(os.environ.get("OUTARDE_SMTP_BOUNCES", ""), MAX_ADDRESS)
    return value if "@" in value and " " not in value else None


def message_id(token: str) -> str:
    """The same Message-ID each time the outbox row ``token`` is sent."""
    domain = sender_address().rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(token.encode()).hexdigest()[:24]
    return f"<{digest}@{one_line(domain, 100)}>"


def compose(mail: Mail, token: str) -> EmailMessage:
    """The mail as sent: plain text, and its iCalendar part (an iTIP invitation) if any."""
    message = EmailMessage()
    message["From"] = formataddr(("Outarde", sender_address()))
    message["To"] = one_line(mail.to, MAX_ADDRESS)
    message["Subject"] = one_line(mail.subject)
    message["Message-ID"] = message_id(token)
    if mail.unsubscribe:
        message["List-Unsubscribe"] = f"<{one_line(mail.unsubscribe, 500)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.body)
    if mail.calendar is not None:
        method = one_line(mail.method or "REQUEST", 20).upper()
        message.add_alternative(
            mail.calendar, maintype="text", subtype="calendar", params={"method": method}
        )
        message.add_attachment(
            mail.calendar, maintype="application", subtype="ics", filename="invitation.ics"
        )
    return message


def _text(value: object) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def refusal(error: Exception) -> Refused | None:
    """A final refusal of the address or the mail (5xx), None for what may pass later (4xx,
    a connection that failed) and for a refused sender (the set-up's fault, not the address's)."""
    import aiosmtplib  # the SMTP client is loaded with the first mail
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [(r.code, r.message) for r in error.recipients]
        if codes and all(code >= 500 for code, _ in codes):
            return Refused(codes[0][0], _text(codes[0][1]))
        return None
    if isinstance(error, aiosmtplib.SMTPRecipientRefused) and error.code >= 500:
        return Refused(error.code, _text(error.message))
    if isinstance(error, aiosmtplib.SMTPDataError) and error.code >= 500:
        return Refused(error.code, _text(error.message))
    return None


async def _send(message: EmailMessage, where: Server) -> None:
    import aiosmtplib

    try:
        await aiosmtplib.send(
            message,
            sender=bounce_address(),
            hostname=where.host,
            port=where.port,
            username=where.user or None,
            password=where.password or None,
            use_tls=where.tls == "ssl",
            start_tls=where.tls == "starttls",
            timeout=TIMEOUT,
        )
    except aiosmtplib.SMTPException as error:
        found = refusal(error)
        if found is not None:
            raise found from error
        raise


async def deliver(mail: Mail, token: str) -> str:
    """Hand ``mail`` to the SMTP server (aiosmtplib); its Message-ID. Raises ``Refused`` for a
    final refusal, anything else to be tried again."""
    where = server()
    if where is None:
        raise MailOff("OUTARDE_SMTP_URL (or OUTARDE_SMTP_HOST) is not set")
    message = compose(mail, token)
    await asyncio.wait_for(_send(message, where), TIMEOUT + 2)
    return str(message["Message-ID"])


async def record_refusal(
    session: object, workspace: str, contact: int | None, reason: str, at: datetime
) -> None:
    """Note on the directory entry that its address was refused (shown to the coordination)."""
    if contact is None:
        return
    await session.exec(  # type: ignore[attr-defined]
        update(MailContact)
        .where(col(MailContact.workspace) == workspace, col(MailContact.id) == contact)
        .values(refused_at=at, refusal=one_line(reason, 300))
    )
