"""The welcome given to newcomers: the table's own words, and who was welcomed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class WelcomeText(SQLModel, table=True):
    """What the coordination wrote to present the table (one per workspace)."""

    __table_args__ = (UniqueConstraint("workspace"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    text: str = Field(sa_type=Text)
    edited_by: str = Field(max_length=100)
    edited_at: datetime = Field(sa_type=UTCDateTime)


class Welcomed(SQLModel, table=True):
    """A person who received the welcome (each person gets it once)."""

    __table_args__ = (UniqueConstraint("workspace", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    user_id: str = Field(max_length=100)
    welcomed_at: datetime = Field(sa_type=UTCDateTime)
