"""bot.mail: no line break of a person's text reaches a header; which SMTP answers are final."""

from __future__ import annotations

from email import message_from_bytes, policy

import aiosmtplib
import pytest

from bot import mail
from bot.messages import Mail


def headers_of(raw: bytes) -> list[str]:
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    return [line.split(":", 1)[0].lower() for line in head.split("\r\n") if not line[:1].isspace()]


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\u2028", "\x85", "\x00"])
def test_a_line_break_in_a_subject_never_makes_a_header(breaker: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if breaker != "\x00":  # the environment cannot hold a NUL
        monkeypatch.setenv("OUTARDE_SMTP_FROM", f"table@outarde.test{breaker}Bcc: spy@evil.org")
    sent = Mail(
        f"elu@mrc.qc.ca{breaker}Cc: spy@evil.org",
        f"Rencontre{breaker}Bcc: spy@evil.org{breaker}{breaker}body",
        "Bonjour",
        unsubscribe=f"https://x.test/u{breaker}X-Evil: 1",
    )
    raw = mail.compose(sent, "token").as_bytes(policy=policy.SMTP)
    names = headers_of(raw)
    assert "bcc" not in names and "cc" not in names and "x-evil" not in names
    parsed = message_from_bytes(raw, policy=policy.default)
    assert "Bcc: spy@evil.org" in parsed["Subject"] and parsed["Bcc"] is None
    assert parsed.get_content().strip() == "Bonjour"


def test_the_message_id_is_the_same_for_the_same_outbox_row(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OUTARDE_SMTP_FROM", "table@outarde.test")
    first = mail.compose(Mail("a@b.org", "s", "b"), "tok1")["Message-ID"]
    assert first == mail.compose(Mail("a@b.org", "s", "b"), "tok1")["Message-ID"]
    assert first != mail.compose(Mail("a@b.org", "s", "b"), "tok2")["Message-ID"]
    assert first.endswith("@outarde.test>")


def test_the_smtp_url_names_the_server(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("OUTARDE_SMTP_HOST", raising=False)
    monkeypatch.setenv("OUTARDE_SMTP_URL", "smtps://table%40x.org:p%40ss@mail.x.org")
    assert mail.server() == mail.Server("mail.x.org", 465, "table@x.org", "p@ss", "ssl")
    monkeypatch.setenv("OUTARDE_SMTP_URL", "smtp://relay:2525")
    assert mail.server() == mail.Server("relay", 2525, "", "", "starttls")
    monkeypatch.setenv("OUTARDE_SMTP_URL", "http://nope")
    assert mail.server() is None and not mail.configured()
    monkeypatch.delenv("OUTARDE_SMTP_URL")
    assert mail.server() is None


def test_only_a_5xx_refusal_is_final() -> None:
    def refused(code: int) -> aiosmtplib.SMTPRecipientsRefused:
        return aiosmtplib.SMTPRecipientsRefused(
            [aiosmtplib.SMTPRecipientRefused(code, "5.1.1 unknown user", "a@b.org")]
        )

    found = mail.refusal(refused(550))
    assert found is not None and found.code == 550 and "unknown user" in found.reason
    assert mail.refusal(refused(451)) is None
    assert mail.refusal(aiosmtplib.SMTPDataError(554, "spam")) is not None
    assert mail.refusal(aiosmtplib.SMTPDataError(421, "busy")) is None
    assert mail.refusal(aiosmtplib.SMTPSenderRefused(550, "bad sender", "x@y")) is None  # ours
    assert mail.refusal(aiosmtplib.SMTPConnectError("refused")) is None


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("DG@CDC.ORG", "DG@cdc.org"),
        ("<elu@mrc.qc.ca>", "elu@mrc.qc.ca"),
        ("pas-une-adresse", None),
        ("a@b", None),
        ("elu@mrc.qc.ca\r\nBcc: x@y.z", None),
        ("elu @mrc.qc.ca", None),
        ("x" * 250 + "@b.org", None),
    ],
)
def test_addresses_are_checked_by_email_validator(typed: str, kept: str | None) -> None:
    assert mail.valid_address(typed) == kept
