"""The table's charter (or statement of principles): a text with versions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class CharterVersion(SQLModel, table=True):
    """One version of the charter, numbered from 1 in each workspace.

    ``status``: proposee (the open draft, at most one), amendee (a later version of the
    draft replaced it), adoptee (the charter in force, at most one), remplacee (a newer
    version was adopted), retiree (the draft was withdrawn).
    """

    __table_args__ = (UniqueConstraint("workspace", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    number: int
    text: str = Field(sa_type=Text)
    author_id: str = Field(max_length=100)
    status: str = Field(default="proposee", max_length=20, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    adopted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    adopted_by: str | None = Field(default=None, max_length=100)


class CharterStance(SQLModel, table=True):
    """A person's stance on a proposed version: appui or objection (one per person)."""

    __table_args__ = (UniqueConstraint("workspace", "version", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    version: int  # the version's number in its workspace
    user_id: str = Field(max_length=100)
    kind: str = Field(max_length=20)  # appui | objection
    reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_type=UTCDateTime)


class CharterStep(SQLModel, table=True):
    """One step of a version's history, never changed: proposed, endorsed, objected,
    stance withdrawn, threshold reached, adopted, replaced, amended, withdrawn."""

    __table_args__ = (Index("ix_charterstep_workspace_version", "workspace", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    version: int
    kind: str = Field(max_length=20)
    user_id: str | None = Field(default=None, max_length=100)  # None: by the threshold
    reason: str | None = Field(default=None, max_length=500)
    at: datetime = Field(sa_type=UTCDateTime)
