"""Tables every feature relies on: workspaces, settings, people, posted messages, jobs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Workspace(SQLModel, table=True):
    """A Slack workspace, a Discord server or a console table; id is ``platform:external``."""

    id: str = Field(primary_key=True, max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Setting(SQLModel, table=True):
    """One workspace setting (langue, fuseau, seuil…), its value as JSON."""

    __table_args__ = (UniqueConstraint("workspace", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    name: str = Field(max_length=60)
    value: str = Field(max_length=2000)


class Coordinator(SQLModel, table=True):
    """A person named coordinator of a workspace (platform admins are coordinators anyway)."""

    __table_args__ = (UniqueConstraint("workspace", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    user_id: str = Field(max_length=100)


class Member(SQLModel, table=True):
    """A person seen in a workspace, with their partner profile once they set it."""

    __table_args__ = (
        UniqueConstraint("workspace", "user_id"),
        # who represents an organisation, without reading every person
        Index("ix_member_workspace_organisation", "workspace", "organisation"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    user_id: str = Field(max_length=100)
    display_name: str = Field(max_length=200)
    organisation: str | None = Field(default=None, max_length=200)
    mandated: bool = False  # may decide for their organisation
    last_seen: datetime = Field(sa_type=UTCDateTime)


class PostedMessage(SQLModel, table=True):
    """Where a keyed message was posted, so it can be updated in place later."""

    __table_args__ = (UniqueConstraint("workspace", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    key: str = Field(max_length=200)
    channel: str = Field(max_length=200)
    ref: str = Field(max_length=500)


class Job(SQLModel, table=True):
    """Scheduled work (reminders, deadlines, digests); the database is the source of truth."""

    __table_args__ = (
        UniqueConstraint("workspace", "kind", "key"),
        Index("ix_job_status_due_at", "status", "due_at"),  # finding due work stays cheap
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    channel: str = Field(max_length=200)
    kind: str = Field(max_length=60)
    key: str = Field(max_length=200)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    payload: str = Field(default="{}", max_length=4000)
    status: str = Field(default="pending", max_length=20, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Outbox(SQLModel, table=True):
    """One output of a job, written in the job's own transaction, until the platform has it.

    ``token`` (unique) travels with the post — Slack message metadata, Discord nonce — so a
    post whose outcome a crash left unknown can be found on the platform instead of resent.
    """

    __table_args__ = (
        UniqueConstraint("token"),
        Index("ix_outbox_status_due_at", "status", "due_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    channel: str = Field(max_length=200)
    job_id: int | None = Field(default=None, index=True)
    token: str = Field(max_length=40)
    body: str = Field(sa_type=Text)  # bot.message_codec JSON of a Message or an Update
    status: str = Field(default="queued", max_length=20)  # queued → sending → sent | failed
    due_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # first attempt
    holder: str | None = Field(default=None, max_length=40)  # the process delivering it now
    leased_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # renewed by holder
    ref: str | None = Field(default=None, max_length=500)
    last_error: str | None = Field(default=None, max_length=500)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
