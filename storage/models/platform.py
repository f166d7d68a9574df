"""What a chat adapter must remember across its replicas and restarts.

``StashedValue``: a button value or form state too long to travel through the platform,
kept here under a token until it expires. ``SeenRequest``: a request (a Slack retry, a
replayed click) already taken by one replica, so no other runs it again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class StashedValue(SQLModel, table=True):
    __tablename__ = "stashed_value"
    __table_args__ = (UniqueConstraint("token"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    token: str = Field(max_length=60)
    value: str = Field(sa_type=Text)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class SeenRequest(SQLModel, table=True):
    __tablename__ = "seen_request"
    __table_args__ = (UniqueConstraint("key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    key: str = Field(max_length=64)  # sha256 of what identifies the request
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
