"""What the web server serves: secret links (a channel's calendar feed, the table's page…)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class PublicLink(SQLModel, table=True):
    """A secret link of one ``kind`` (``cal``, ``page``…) to a channel or a whole workspace.

    The token is the whole secret; a revoked link (``revoked_at`` set) answers 404.
    """

    __tablename__ = "public_link"
    __table_args__ = (Index("ix_public_link_place", "workspace", "kind", "channel"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    channel: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    token: str = Field(max_length=64, unique=True, index=True)
    created_by: str = Field(max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class MailContact(SQLModel, table=True):
    """A partner who is not in the chat, reached by e-mail; added by a coordinator who
    recorded their consent. ``unsubscribed_at`` set: never written to again."""

    __tablename__ = "mail_contact"
    __table_args__ = (UniqueConstraint("workspace", "address"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    address: str = Field(max_length=254)
    organisation: str | None = Field(default=None, max_length=120)
    consent_by: str = Field(max_length=100)
    consent_at: datetime = Field(sa_type=UTCDateTime)
    unsubscribed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    refused_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # last 5xx/bounce
    refusal: str | None = Field(default=None, max_length=300)  # the server's words


class SpentLink(SQLModel, table=True):
    """A signed link (bot.signed) that has acted: a second use only says so."""

    __tablename__ = "spent_link"
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    digest: str = Field(max_length=64, unique=True)
    spent_at: datetime = Field(sa_type=UTCDateTime)
