"""Meetings of a table: the meeting itself, RSVPs, agenda points and the trio d'animation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Meeting(SQLModel, table=True):
    """A meeting planned in a channel; ``status`` is draft, planned or cancelled (a draft
    once decided: confirmed or discarded; drafts have negative ids, so that they use up no
    meeting number)."""

    __table_args__ = (
        Index("ix_meeting_workspace_status_starts_at", "workspace", "status", "starts_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    channel: str = Field(max_length=200)
    title: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=300)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # None: duree_rencontre
    status: str = Field(default="draft", max_length=20, index=True)
    sequence: int = 0  # iCalendar SEQUENCE: grows with each reschedule or cancellation
    confirmed_as: int | None = None  # a confirmed draft: the meeting it became
    series_id: int | None = Field(default=None, index=True)  # its series: the first one's id
    created_by: str = Field(max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Rsvp(SQLModel, table=True):
    """One person's answer to a meeting: present, absent or delegated (to ``delegate``)."""

    __table_args__ = (UniqueConstraint("workspace", "meeting_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    meeting_id: int = Field(index=True)
    user_id: str = Field(max_length=100)
    answer: str = Field(max_length=20)
    delegate: str | None = Field(default=None, max_length=200)
    answered_at: datetime = Field(sa_type=UTCDateTime)


class AgendaItem(SQLModel, table=True):
    """A point of a meeting's agenda (ordre du jour), ordered by ``position``."""

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    meeting_id: int = Field(index=True)
    position: int
    text: str = Field(max_length=400)
    author: str = Field(max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)


class TrioSeat(SQLModel, table=True):
    """One role of a meeting's trio d'animation; ``status`` is proposed, accepted or declined."""

    __table_args__ = (UniqueConstraint("workspace", "meeting_id", "role"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    meeting_id: int = Field(index=True)
    role: str = Field(max_length=20)  # animation, synthese, observation
    user_id: str | None = Field(default=None, max_length=100)  # None: nobody available
    status: str = Field(default="proposed", max_length=20)


class TrioDecline(SQLModel, table=True):
    """Someone declined trio roles for a meeting: not proposed again for those (``roles``,
    comma-separated; None, from before roles were kept: every role)."""

    __table_args__ = (UniqueConstraint("workspace", "meeting_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    meeting_id: int = Field(index=True)
    user_id: str = Field(max_length=100)
    roles: str | None = Field(default=None, max_length=100)  # declined, comma-separated


class Attendance(SQLModel, table=True):
    """Who actually came to a meeting, as the coordination recorded it afterwards."""

    __table_args__ = (UniqueConstraint("workspace", "meeting_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    meeting_id: int = Field(index=True)
    user_id: str = Field(max_length=100)
    recorded_by: str = Field(max_length=100)
    recorded_at: datetime = Field(sa_type=UTCDateTime)
