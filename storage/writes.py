"""Whether a session's transaction changed anything in the database.

A command that only read (a help, a list, a look-up) has nothing to commit with its inbox
entry: the entry is settled apart, with the others of the moment, in one transaction
(bot/inbox.py). Each connection notes, from the start of its transaction, whether a
statement other than a SELECT ran; each session notes the connection it runs on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlmodel import Session as SQLModelSession

WROTE = "outarde_wrote"  # in a connection's info: a statement that may write ran
JOINED = "outarde_connection"  # in a session's info: the connection of its transaction


class TrackedSession(SQLModelSession):
    """A session that notes the connection of its transaction (for ``wrote``)."""


def _joined(session: Session, transaction: Any, connection: Connection) -> None:
    session.info[JOINED] = connection


def _ended(session: Session) -> None:
    session.info.pop(JOINED, None)


event.listen(TrackedSession, "after_begin", _joined)
event.listen(TrackedSession, "after_commit", _ended)
event.listen(TrackedSession, "after_rollback", _ended)


def _begun(connection: Connection) -> None:
    connection.info[WROTE] = False


def _executed(
    connection: Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    if connection.info.get(WROTE):
        return
    compiled_write = context is not None and (
        context.isinsert or context.isupdate or context.isdelete or context.isddl
    )
    if compiled_write or not statement.lstrip()[:6].upper().startswith("SELECT"):
        connection.info[WROTE] = True


def track(engine: Engine) -> None:
    """Note, on each connection of ``engine``, whether its transaction ran a write."""
    event.listen(engine, "begin", _begun)
    event.listen(engine, "before_cursor_execute", _executed)


def wrote(session: Session) -> bool:
    """Whether ``session`` (a ``TrackedSession`` on a tracked engine) changed, or will change
    at its commit, anything: objects added, changed or deleted, or a statement other than a
    SELECT in its transaction. When unsure, True."""
    if session.new or session.dirty or session.deleted:
        return True
    connection = session.info.get(JOINED)
    if connection is None:
        return False  # no statement ran
    if connection.closed:
        return True
    return bool(connection.info.get(WROTE, True))
