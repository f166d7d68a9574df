"""Sealed ballots: an anonymous answer waits in the database, unreadable, until the close.

A ballot (the choices of an anonymous poll; the scores and comment of an evaluation) is
sealed with AES-GCM under a key the database never holds: ``OUTARDE_BALLOT_KEY`` (any secret
text; every replica needs the same one), else a random key kept in the file
``OUTARDE_BALLOT_KEY_FILE`` (default ``data/ballot.key``), created on first use, readable by
its owner only. Every sealed ballot of a kind has the same length (padded), so neither its
size nor its content says anything; the poll is bound to it (a ballot moved to another poll
does not open). Ballots are opened and added to the counters all at once, at the close.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM


POLL_SIZE = 64  # {"m": mask} padded
EVALUATION_SIZE = 8192  # scores and a 1,000-character comment, whatever its characters
DEFAULT_KEY_FILE = Path("data") / "ballot.key"


class BallotError(Exception):
    """A sealed ballot that does not open (another key, another poll, altered)."""


@cache
def _key(secret: str | None, path: str) -> bytes:
    if secret:
        return hashlib.sha256(b"outarde-ballot-key:" + secret.encode()).digest()
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secrets.token_bytes(32))
    return file.read_bytes()[:32]


def ballot_key() -> bytes:
    """The sealing key: from the environment, else the key file (made on first use)."""
    path = os.environ.get("OUTARDE_BALLOT_KEY_FILE") or str(DEFAULT_KEY_FILE)
    return _key(os.environ.get("OUTARDE_BALLOT_KEY"), path)


def _cipher() -> AESGCM:
    """AES-GCM with the sealing key (the cipher library is loaded at the first ballot)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(ballot_key())


def _bound(workspace: str, poll_id: int) -> bytes:
    return f"outarde-ballot:{workspace}:{poll_id}".encode()


def seal(workspace: str, poll_id: int, payload: dict[str, Any], size: int) -> str:
    """The ballot, padded to ``size`` bytes and sealed with a fresh nonce (base64 text)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    if len(data) > size:
        raise ValueError("ballot larger than its padded size")
    nonce = secrets.token_bytes(12)
    sealed = _cipher().encrypt(nonce, data.ljust(size), _bound(workspace, poll_id))
    return base64.b64encode(nonce + sealed).decode()


def unseal(workspace: str, poll_id: int, text: str) -> dict[str, Any]:
    """The ballot sealed in ``text``; BallotError if it does not open."""
    try:
        raw = base64.b64decode(text)
        data = _cipher().decrypt(raw[:12], raw[12:], _bound(workspace, poll_id))
        payload = json.loads(data.decode())
    except Exception as error:  # any failure means the same: it does not open
        raise BallotError(str(error)) from error
    if not isinstance(payload, dict):
        raise BallotError("not a ballot")
    return payload


# -- what the opened ballots add up to ------------------------------------------------------
def poll_ballot(mask: int) -> dict[str, Any]:
    """The ballot of an anonymous poll: the bit mask of the chosen positions."""
    return {"m": mask}


def evaluation_ballot(scores: dict[int, int], comment: str) -> dict[str, Any]:
    """The ballot of an evaluation: a score per criterion index, and the comment (maybe "")."""
    return {"s": {str(index): score for index, score in scores.items()}, "c": comment}


def poll_counts(ballots: list[dict[str, Any]]) -> dict[int, int]:
    """Position → how many ballots chose it."""
    counts: dict[int, int] = {}
    for ballot in ballots:
        mask = int(ballot.get("m", 0))
        for position in range(min(mask.bit_length(), 64)):
            if mask >> position & 1:
                counts[position] = counts.get(position, 0) + 1
    return counts


def evaluation_counts(
    ballots: list[dict[str, Any]],
) -> tuple[dict[tuple[int, int], int], list[str]]:
    """(criterion index, score) → how many answers gave it, and the comments."""
    counts: dict[tuple[int, int], int] = {}
    comments = []
    for ballot in ballots:
        for index, score in dict(ballot.get("s", {})).items():
            key = (int(index), int(score))
            counts[key] = counts.get(key, 0) + 1
        if ballot.get("c"):
            comments.append(str(ballot["c"]))
    return counts, comments
