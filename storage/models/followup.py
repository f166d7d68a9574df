"""Follow-up between meetings: decisions, actions (with their history) and comptes rendus."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class FollowupItem(SQLModel, table=True):
    """A decision taken or an action to do, in a channel, perhaps tied to a meeting."""

    __table_args__ = (
        Index(
            "ix_followupitem_place_kind_status_due",
            "workspace",
            "channel",
            "kind",
            "status",
            "due_at",
        ),
        Index("ix_followupitem_workspace_owner", "workspace", "owner_id"),
        Index("ix_followupitem_workspace_owner_org", "workspace", "owner_org_key"),
        # lists of every kind and status (« toutes »), in the order of their due dates
        Index("ix_followupitem_place_due", "workspace", "channel", "due_at"),
        Index("ix_followupitem_assigned_due", "workspace", "assigned_channel", "due_at"),
        Index("ix_followupitem_workspace_meeting", "workspace", "meeting_id"),
        Index(
            "ix_followupitem_assigned_kind_status_due",
            "workspace",
            "assigned_channel",
            "kind",
            "status",
            "due_at",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    channel: str = Field(max_length=200)  # where it was recorded
    assigned_channel: str | None = Field(default=None, max_length=200)  # a sous-comité's channel
    kind: str = Field(max_length=20)  # action | decision
    text: str = Field(max_length=500)
    owner_id: str | None = Field(default=None, max_length=100)  # a person…
    owner_org: str | None = Field(default=None, max_length=120)  # …or an organisation
    owner_org_key: str | None = Field(default=None, max_length=120)
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    meeting_id: int | None = None
    report_id: int | None = None  # the compte rendu it was recorded in
    status: str = Field(default="ouverte", max_length=20)  # ouverte | faite | retiree | prise
    recorded_by: str = Field(max_length=100)
    created_at: datetime = Field(sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class FollowupEvent(SQLModel, table=True):
    """One change of an item: created, done, postponed, help asked, corrected, removed."""

    __table_args__ = (Index("ix_followupevent_workspace_item", "workspace", "item_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    item_id: int
    kind: str = Field(max_length=20)
    by: str | None = Field(default=None, max_length=100)  # None: Outarde itself
    detail: str | None = Field(default=None, max_length=500)
    at: datetime = Field(sa_type=UTCDateTime)


class FollowupReport(SQLModel, table=True):
    """The compte rendu of a meeting: a draft, corrected, then approved by the table."""

    __table_args__ = (Index("ix_followupreport_workspace_meeting", "workspace", "meeting_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    channel: str = Field(max_length=200)
    meeting_id: int | None = None
    title: str = Field(max_length=200)
    author_id: str = Field(max_length=100)
    decisions: str = Field(default="", max_length=3000)
    actions: str = Field(default="", max_length=3000)
    next_points: str = Field(default="", max_length=3000)
    status: str = Field(default="brouillon", max_length=20)  # brouillon | approuve
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    approved_by: str | None = Field(default=None, max_length=100)
