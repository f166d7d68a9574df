"""The partners' map: organisations at the table (on the chat or not yet)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Organisation(SQLModel, table=True):
    """An organisation of the territory sitting at (or expected at) the table."""

    __table_args__ = (UniqueConstraint("workspace", "name_key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    name: str = Field(max_length=120)
    name_key: str = Field(max_length=120)  # folded name: accents and case ignored
    sector: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # named by the coordination (/partenaire ajouter): stays on the map with nobody on the chat;
    # one a person merely typed (/partenaire moi) goes when its last representative leaves it
    listed: bool = False
    # since when nobody on the chat represents it (None: someone does); the coordination is
    # told after 60 days
    vacant_since: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Adhesion(SQLModel, table=True):
    """An organisation's adhesion to a version of the table's charter."""

    __table_args__ = (UniqueConstraint("workspace", "organisation_key", "charter_number"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    organisation: str = Field(max_length=120)  # as spelled when the adhesion was recorded
    organisation_key: str = Field(max_length=120)
    charter_number: int
    recorded_by: str = Field(max_length=100)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class PartnerEvent(SQLModel, table=True):
    """The partners' history: a handover, an organisation left without anyone, or removed."""

    __table_args__ = (Index("ix_partnerevent_workspace_at", "workspace", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    kind: str = Field(max_length=20)  # passation | vacant | retire
    organisation: str | None = Field(default=None, max_length=120)
    from_user: str | None = Field(default=None, max_length=100)
    to_user: str | None = Field(default=None, max_length=100)
    detail: str | None = Field(default=None, max_length=500)
    by: str = Field(max_length=100)
    at: datetime = Field(sa_type=UTCDateTime)


class PublicName(SQLModel, table=True):
    """A person who agreed to be named on the table's public page (/partenaire public oui);
    without this row, the page names their organisation only."""

    __tablename__ = "public_name"
    __table_args__ = (UniqueConstraint("workspace", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    user_id: str = Field(max_length=100)
    agreed_at: datetime = Field(sa_type=UTCDateTime)
