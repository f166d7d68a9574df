"""The shared vocabulary: proposed definitions of key words and who endorses or objects."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class VocabProposal(SQLModel, table=True):
    """One proposed definition of a term; several may compete for the same term."""

    __table_args__ = (  # a look-up by term stays cheap however large the glossary grows
        Index("ix_vocabproposal_workspace_term_key", "workspace", "term_key"),
        Index("ix_vocabproposal_workspace_english_key", "workspace", "english_key"),
        # the glossary's page: one status's terms in order, read from the index alone
        Index("ix_vocabproposal_workspace_status_term_key", "workspace", "status", "term_key"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    term: str = Field(max_length=80)
    term_key: str = Field(index=True, max_length=80)  # folded: case, accents, elision, plural
    english: str | None = Field(default=None, max_length=80)
    english_key: str | None = Field(default=None, index=True, max_length=80)
    definition: str = Field(max_length=1500)
    example: str | None = Field(default=None, max_length=500)
    source: str | None = Field(default=None, max_length=300)
    proposer_id: str = Field(max_length=100)
    # proposee (open), adoptee, remplacee (a newer definition was adopted), retiree
    status: str = Field(default="proposee", max_length=20, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    adopted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    adopted_by: str | None = Field(default=None, max_length=100)  # None: by endorsements
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_by: str | None = Field(default=None, max_length=100)


class VocabVote(SQLModel, table=True):
    """A person's stance on a proposal: appui, objection or discussion (one per person)."""

    __table_args__ = (UniqueConstraint("workspace", "proposal_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    proposal_id: int = Field(index=True)
    user_id: str = Field(max_length=100)
    kind: str = Field(max_length=20)  # appui | objection | discussion
    reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_type=UTCDateTime)
