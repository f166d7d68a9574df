"""Faits saillants: highlights shared by partners, their themes and who found them useful."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Highlight(SQLModel, table=True):
    """News from the territory posted by a partner (a new service, a closing, a call…)."""

    __table_args__ = (  # lists and récoltes read the shown highlights of a period, newest first;
        # the id closes the order and makes the list's count read the index alone
        Index("ix_highlight_workspace_shown", "workspace", "withdrawn_at", "created_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    channel: str = Field(max_length=200)
    author_id: str = Field(max_length=100, index=True)
    author_name: str = Field(max_length=200)
    organisation: str | None = Field(default=None, max_length=200)
    text: str = Field(max_length=3000)
    link: str | None = Field(default=None, max_length=1000)
    territory: str | None = Field(default=None, max_length=120)  # sector or municipality
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_by: str | None = Field(default=None, max_length=200)


class HighlightTag(SQLModel, table=True):
    """One theme of a highlight: ``tag`` is folded (« Santé » → « sante »), ``label`` as typed;
    ``shown`` mirrors the highlight's (False while it is withdrawn), so a theme's count reads
    this index alone."""

    __table_args__ = (
        UniqueConstraint("highlight_id", "tag"),
        # a list of one theme (read from the index alone); the themes of the rows shown
        Index("ix_highlighttag_workspace_tag_shown", "workspace", "tag", "shown", "highlight_id"),
        Index("ix_highlighttag_workspace_highlight", "workspace", "highlight_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    highlight_id: int = Field(foreign_key="highlight.id", index=True)
    tag: str = Field(max_length=40, index=True)
    label: str = Field(max_length=40)
    shown: bool = Field(default=True)


class HighlightInterest(SQLModel, table=True):
    """A person who found a highlight useful (each person counts once)."""

    __table_args__ = (  # the « Utile » counts of the rows shown
        UniqueConstraint("highlight_id", "user_id"),
        Index("ix_highlightinterest_workspace_highlight", "workspace", "highlight_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    highlight_id: int = Field(foreign_key="highlight.id", index=True)
    user_id: str = Field(max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)
