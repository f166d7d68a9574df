"""Platform installations (Slack OAuth), the OAuth states in flight, and workspaces that left.

``Installation``: one bot installed in a workspace; its tokens are sealed (bot.sealing, Fernet)
before they reach this table, never stored in clear. ``OAuthState``: a state handed to a
browser at the install page, consumed once at the redirect. ``Departure``: a workspace that
uninstalled Outarde (or revoked its tokens): nothing is posted there any more, and its data is
kept until ``erase_after``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Installation(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=200)  # slack:T…, or slack:E… for an org-wide install
    enterprise_id: str | None = Field(default=None, max_length=40)
    team_id: str | None = Field(default=None, max_length=40)
    details: str = Field(sa_type=Text)  # JSON: bot id, scopes, names — never a token
    sealed_token: str = Field(sa_type=Text)
    sealed_refresh_token: str | None = Field(default=None, sa_type=Text)
    installed_at: datetime = Field(sa_type=UTCDateTime)


class OAuthState(SQLModel, table=True):
    __tablename__ = "oauth_state"
    __table_args__ = (UniqueConstraint("state"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(default="", max_length=200)  # not known before the install
    state: str = Field(max_length=100)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class Departure(SQLModel, table=True):
    __tablename__ = "workspace_departure"
    __table_args__ = (UniqueConstraint("workspace"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=200)
    reason: str = Field(max_length=40)  # app_uninstalled | tokens_revoked
    left_at: datetime = Field(sa_type=UTCDateTime)
    erase_after: datetime = Field(sa_type=UTCDateTime)
