"""Polls and evaluations: questions, choices, nominative votes and anonymous counters.

Anonymity: for an anonymous poll, ``PollVoter`` records *who* answered; *what* was answered
waits in ``PollBallot`` rows, sealed with a key the database does not hold, and is added to
the counters (``PollChoice.votes``, ``ScoreTally.count``) and the shuffled comment list all
at once when the poll closes. Counters exist from the poll's creation, so no id, row order,
timestamp or transaction ties a counter to a voter.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Poll(SQLModel, table=True):
    """A poll (``kind="poll"``) or a meeting evaluation (``kind="evaluation"``)."""

    __table_args__ = (  # the trends read one workspace's evaluations, newest first
        Index("ix_poll_workspace_kind_created_at", "workspace", "kind", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    channel: str = Field(max_length=200)
    author_id: str = Field(max_length=100)
    kind: str = Field(default="poll", max_length=20)
    question: str = Field(max_length=300)
    max_choices: int = 1  # 1 = single choice
    anonymous: bool = False
    hidden: bool = False  # results shown only once closed
    remind: bool = False  # reminder 24 h before the deadline
    closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    meeting_id: int | None = Field(default=None, index=True)
    criteria: str = Field(default="[]", max_length=2000)  # evaluation criteria, JSON list
    # answers needed before anonymous results show: the setting when the poll began (a
    # lower setting later never applies to it; a higher one does)
    min_responses: int | None = None


class PollChoice(SQLModel, table=True):
    """One choice of a poll; ``votes`` is the anonymous counter (unused when nominative)."""

    __table_args__ = (UniqueConstraint("poll_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    poll_id: int = Field(index=True)
    position: int
    label: str = Field(max_length=75)
    votes: int = 0


class PollVote(SQLModel, table=True):
    """A nominative vote: ``slot`` is 0 in a single-choice poll, the position otherwise."""

    __table_args__ = (UniqueConstraint("poll_id", "user_id", "slot"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    poll_id: int = Field(index=True)
    user_id: str = Field(max_length=100)
    slot: int
    position: int


class PollVoter(SQLModel, table=True):
    """Who answered an anonymous poll or evaluation (never what): refuses a second answer."""

    __table_args__ = (
        UniqueConstraint("poll_id", "user_id"),
        # the answers of a page of evaluations, counted without reading the whole workspace
        Index("ix_pollvoter_workspace_poll_id", "workspace", "poll_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    poll_id: int = Field(index=True)
    user_id: str = Field(max_length=100)


class ScoreTally(SQLModel, table=True):
    """How many answers gave ``score`` (1–5) to criterion ``criterion`` of an evaluation."""

    __table_args__ = (
        UniqueConstraint("poll_id", "criterion", "score"),
        Index("ix_scoretally_workspace_poll_id", "workspace", "poll_id"),  # the trends' scores
    )
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    poll_id: int = Field(index=True)
    criterion: int
    score: int
    count: int = 0


class PollComments(SQLModel, table=True):
    """The comments of an evaluation, one JSON list kept in random order."""

    __table_args__ = (UniqueConstraint("poll_id"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    poll_id: int = Field(index=True)
    texts: str = Field(default="[]")


class PollBallot(SQLModel, table=True):
    """An anonymous answer waiting for the close, sealed (see bot/features/polls/ballots.py):
    no person, no time; opened and deleted when the poll closes."""

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=200)
    poll_id: int = Field(index=True)
    sealed: str
