"""Structured logs: one JSON line per event; tokens and secrets never leave in clear."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path

_SECRET = re.compile(
    r"(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+"
    r"|[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}"
    r"|(?<=://)[^:/@\s]+:[^@/\s]+(?=@))"
)
_SECRET_ENV = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN")


def redact(text: str) -> str:
    """Hide tokens (Slack, Discord), passwords in URLs and configured secrets."""
    text = _SECRET.sub("***", text)
    for name in _SECRET_ENV:
        value = os.environ.get(name)
        if value and len(value) >= 8:
            text = text.replace(value, "***")
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the ``extra`` fields."""

    _standard = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message"}

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        data.update({k: v for k, v in record.__dict__.items() if k not in self._standard})
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return redact(json.dumps(data, ensure_ascii=False, default=str))


DEFAULT_LOG_FILE = Path("data") / "outarde.log"


def configure(level: str | None = None, stream=None) -> None:  # type: ignore[no-untyped-def]
    """Send Outarde's logs as JSON lines to stderr (or ``stream``)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    _install([handler], level or os.environ.get("OUTARDE_LOG_LEVEL", "INFO"))


def configure_for_a_terminal() -> Path | None:
    """Logs beside a chat in the terminal: to a file (``OUTARDE_LOG_FILE``, else
    data/outarde.log) with warnings also on stderr, so the chat stays readable. Asked for
    with ``OUTARDE_LOG_LEVEL``, they go to stderr at that level instead. Returns the file."""
    if os.environ.get("OUTARDE_LOG_LEVEL"):
        configure()
        return None
    path = Path(os.environ.get("OUTARDE_LOG_FILE") or DEFAULT_LOG_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    warnings = logging.StreamHandler(sys.stderr)
    warnings.setLevel(logging.WARNING)
    _install([logging.FileHandler(path, encoding="utf-8"), warnings], "INFO")
    return path


def _install(handlers: list[logging.Handler], level: str) -> None:
    for handler in handlers:
        handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = handlers
    root.setLevel(level)
    # never below WARNING, even at DEBUG: their debug lines carry whole requests (private
    # messages, such as an anonymous vote's confirmation, next to the person's id)
    for noisy in ("apscheduler", "aiosqlite", "sqlalchemy", "discord", "slack_bolt", "slack_sdk",
                  "aiohttp", "asyncpg", "websockets"):  # fmt: skip
        logging.getLogger(noisy).setLevel(logging.WARNING)
