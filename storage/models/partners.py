"""The partners' map: organisations at the table (on the chat or not yet)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
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


class PublicName(SQLModel, table=True):
    """A person who agreed to be named on the table's public page (/partenaire public oui);
    without this row, the page names their organisation only."""

    __tablename__ = "public_name"
    __table_args__ = (UniqueConstraint("workspace", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    user_id: str = Field(max_length=100)
    agreed_at: datetime = Field(sa_type=UTCDateTime)
