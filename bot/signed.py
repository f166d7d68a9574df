"""Signed links: a link that carries what it does, sealed with a key from the environment.

A signed link (``/lien/<token>``) names its kind (``signed.rsvp``…), its workspace and
channel, a few values and when it expires, with an HMAC-SHA256 of all of it under
``OUTARDE_LINK_SECRET``. A link whose seal does not match is unknown (a bare 404); a link
past its expiry, or spent (``spend``: it acted once already), is genuine and says so on a page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from storage.models.web import SpentLink

SECRET = "OUTARDE_LINK_SECRET"
PREFIX = "signed."
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{8,900}\.[A-Za-z0-9_-]{43}")
MIN_SECRET = 16


class NoSecret(RuntimeError):
    """``OUTARDE_LINK_SECRET`` is unset or too short to seal links."""


@dataclass(frozen=True)
class SignedLink:
    """A link whose seal matched: what it carries, and whether it is past its expiry."""

    kind: str
    workspace: str
    channel: str
    values: dict[str, Any]
    expires_at: datetime
    digest: str  # names the link (once spent) without keeping the link itself
    expired: bool = False


def _key() -> bytes:
    value = os.environ.get(SECRET, "")
    if len(value) < MIN_SECRET:
        raise NoSecret(f"{SECRET} must hold at least {MIN_SECRET} characters")
    return value.encode()


def configured() -> bool:
    return len(os.environ.get(SECRET, "")) >= MIN_SECRET


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _seal(payload: str) -> str:
    return _b64(hmac.new(_key(), payload.encode("ascii"), hashlib.sha256).digest())


def sign(
    kind: str, workspace: str, channel: str, values: dict[str, Any], expires_at: datetime
) -> str:
    """The token of a link of ``kind`` (``signed.…``) valid until ``expires_at``."""
    assert kind.startswith(PREFIX)
    body = {"k": kind, "w": workspace, "c": channel, "v": values, "e": int(expires_at.timestamp())}
    payload = _b64(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode())
    return f"{payload}.{_seal(payload)}"


def verify(token: str, now: datetime) -> SignedLink | None:
    """The link ``token`` seals, None when it is not one of ours (malformed, forged, no key)."""
    if not TOKEN_SHAPE.fullmatch(token) or not configured():
        return None
    payload, _, seal = token.rpartition(".")
    if not hmac.compare_digest(seal, _seal(payload)):
        return None
    try:
        body = json.loads(_unb64(payload))
        expires = datetime.fromtimestamp(int(body["e"]), UTC)
        link = SignedLink(
            str(body["k"]),
            str(body["w"]),
            str(body["c"]),
            dict(body["v"]),
            expires,
            hashlib.sha256(seal.encode()).hexdigest(),
        )
    except (ValueError, KeyError, TypeError):
        return None
    if not link.kind.startswith(PREFIX):
        return None
    return link if now < expires else SignedLink(**{**link.__dict__, "expired": True})


async def spent(session: Any, link: SignedLink) -> bool:
    """Has this link acted already?"""
    statement = select(SpentLink.id).where(SpentLink.digest == link.digest)
    return (await session.exec(statement)).first() is not None


async def spend(session: Any, link: SignedLink, now: datetime) -> bool:
    """Mark the link as having acted; False when it had (even in a race with another click)."""
    try:
        async with session.begin_nested():
            session.add(SpentLink(workspace=link.workspace, digest=link.digest, spent_at=now))
            await session.flush()
    except IntegrityError:
        return False
    return True
