"""The inbox: every command and click acknowledged to a platform, kept until it has run.

A row is written before (or as) the platform gets its acknowledgement, and settled ``done``
in the same transaction as the command's own changes: a process that dies in between leaves
it ``pending``, and the next one runs it. ``holder`` and ``leased_at`` say which process owns
a pending row (renewed every few seconds); ``key`` (unique) recognises a platform's retry.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class InboxEntry(SQLModel, table=True):
    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("key"),
        Index("ix_inbox_status_leased_at", "status", "leased_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    person: str = Field(max_length=100)
    kind: str = Field(max_length=20)  # the adapter's: "command", "action"…
    key: str = Field(max_length=64)  # sha256 of what identifies the request
    payload: str = Field(sa_type=Text)  # what the adapter needs to run it again (JSON)
    status: str = Field(default="pending", max_length=12)  # pending → done (or failed)
    holder: str = Field(max_length=32)
    leased_at: datetime = Field(sa_type=UTCDateTime)
    received_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0  # how many processes took it up
