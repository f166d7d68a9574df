"""Structured logs, with secrets hidden."""

from __future__ import annotations

import io
import json
import logging

from bot.logs import JsonFormatter, redact


def test_tokens_and_passwords_are_hidden(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cr3t-signing-value")
    text = redact(
        "xoxb-123-456-abcdef xapp-1-A0-xyz postgresql://postgres:hunter2@db/x "
        "s3cr3t-signing-value MTA4NzY1NDMyMTA5ODc2NTQz.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456"
    )
    for secret in ("xoxb-123", "xapp-1", "hunter2", "s3cr3t", "MTA4NzY1"):
        assert secret not in text


def test_one_json_line_with_extra_fields() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("outarde.test")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.info(
        "command", extra={"workspace": "slack:T1", "command": "/vocab", "token": "xoxb-1-2-3"}
    )
    line = stream.getvalue().strip()
    data = json.loads(line)
    assert data["workspace"] == "slack:T1" and data["command"] == "/vocab"
    assert "xoxb" not in line
