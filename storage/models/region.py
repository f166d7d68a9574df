"""A region: a hub workspace and the local tables that joined it, each on its own platform.

``Region``: declared by the hub (``workspace``), found by its join code. ``RegionMember``: a
table (``workspace``) that asked to join (``status`` pending) and was accepted by the hub's
coordination (``status`` member); ``theme`` is the tag of its highlights the hub sees, and
``channel`` where the hub's announcements are posted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Region(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace"), UniqueConstraint("code"))
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=200)  # the hub
    channel: str = Field(max_length=200)  # where the hub declared itself
    name: str = Field(max_length=120)
    code: str = Field(max_length=20)
    created_by: str = Field(max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)


class RegionMember(SQLModel, table=True):
    __tablename__ = "region_member"
    __table_args__ = (UniqueConstraint("workspace"),)  # a table belongs to one region
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=200)  # the local table
    region_id: int = Field(index=True)
    channel: str = Field(max_length=200)
    table_name: str = Field(max_length=120)
    theme: str = Field(default="regional", max_length=60)  # a highlights tag key
    theme_label: str = Field(default="régional", max_length=60)
    status: str = Field(default="pending", max_length=20)  # pending | member
    asked_by: str = Field(max_length=100)
    asked_at: datetime = Field(sa_type=UTCDateTime)
    accepted_by: str | None = Field(default=None, max_length=100)
