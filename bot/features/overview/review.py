"""The year in review as data: figures gathered from the rows of a fiscal year (pure)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from bot.hooks import FollowupFigures
from bot.text import fold
from storage.models import Member
from storage.models.highlights import Highlight, HighlightTag
from storage.models.meetings import Meeting, Rsvp, TrioSeat
from storage.models.partners import Adhesion, Organisation, PartnerEvent
from storage.models.polls import Poll

ATTENDING = ("present", "delegated")
TOP_HIGHLIGHTS = 5


@dataclass(frozen=True)
class MeetingHeld:
    title: str
    starts_at: datetime
    present: int  # present or represented (delegations count)
    organisations: int
    quorum_met: bool | None  # None: no quorum set


@dataclass(frozen=True)
class Evaluation:
    title: str
    created_at: datetime
    answers: int
    average: float | None  # None: fewer answers than the anonymity threshold


@dataclass(frozen=True)
class Handover:
    organisation: str
    old: str
    new: str
    at: datetime


@dataclass
class YearReview:
    label: str
    start: datetime
    end: datetime
    meetings: list[MeetingHeld] = field(default_factory=list)
    attendance: list[tuple[str, int]] = field(default_factory=list)  # organisation, meetings
    trio: list[tuple[str, int]] = field(default_factory=list)  # person, roles held
    highlights: int = 0
    themes: list[tuple[str, int]] = field(default_factory=list)
    top_highlights: list[tuple[str, str, int]] = field(default_factory=list)  # text, by, useful
    terms: list[tuple[str, datetime]] = field(default_factory=list)
    charters: list[tuple[int, datetime]] = field(default_factory=list)
    polls: int = 0
    poll_answers: int = 0
    evaluations: list[Evaluation] = field(default_factory=list)
    organisations: int = 0
    new_organisations: list[str] = field(default_factory=list)
    active_organisations: list[str] = field(default_factory=list)
    departed_organisations: list[str] = field(default_factory=list)
    handovers: list[Handover] = field(default_factory=list)
    followup: FollowupFigures | None = None  # None: no follow-up feature answered
    adhesions: list[tuple[str, int, datetime]] = field(default_factory=list)  # in the period
    adhering: int = 0  # organisations adhering to the charter in force
    charter_in_force: int | None = None

    @property
    def quorum_met(self) -> tuple[int, int]:
        """(meetings where quorum was met, meetings with a quorum set)."""
        judged = [m for m in self.meetings if m.quorum_met is not None]
        return sum(1 for m in judged if m.quorum_met), len(judged)

    @property
    def average_presence(self) -> float:
        return sum(m.present for m in self.meetings) / len(self.meetings) if self.meetings else 0


def organisation_of(members: dict[str, Member], user_id: str, fallback: str) -> str:
    member = members.get(user_id)
    return member.organisation if member and member.organisation else fallback


def meetings_held(
    meetings: list[Meeting],
    rsvps: list[Rsvp],
    members: dict[str, Member],
    quorum: int,
    untitled: str,
    no_organisation: str,
) -> tuple[list[MeetingHeld], list[tuple[str, int]]]:
    """Each meeting's presence and the meetings attended by each organisation."""
    present: dict[int, list[str]] = defaultdict(list)
    for rsvp in rsvps:
        if rsvp.answer in ATTENDING:
            present[rsvp.meeting_id].append(rsvp.user_id)
    held, attended = [], Counter[str]()
    spelling: dict[str, str] = {}
    for meeting in meetings:
        people = present.get(meeting.id or 0, [])
        organisations = {organisation_of(members, user, no_organisation) for user in people}
        for name in organisations:
            spelling.setdefault(fold(name), name)
        attended += Counter({fold(name) for name in organisations})
        named = {name for name in organisations if name != no_organisation}
        held.append(
            MeetingHeld(
                meeting.title or untitled,
                meeting.starts_at,
                len(people),
                len(named),
                len(people) >= quorum if quorum else None,
            )
        )
    ranking = sorted(attended.items(), key=lambda item: (-item[1], item[0]))
    return held, [(spelling[key], count) for key, count in ranking]


def trio_rotation(seats: list[TrioSeat], names: dict[str, str]) -> list[tuple[str, int]]:
    counts = Counter(names.get(seat.user_id or "", seat.user_id or "") for seat in seats)
    return sorted(counts.items(), key=lambda item: (-item[1], fold(item[0])))


def themes(tags: list[HighlightTag]) -> list[tuple[str, int]]:
    """Each theme's label (as first typed) and how many highlights carry it, most first."""
    counts, labels = Counter[str](), {}
    for tag in tags:
        counts[tag.tag] += 1
        labels.setdefault(tag.tag, tag.label)
    return [
        (labels[tag], count) for tag, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    ]


def top_highlights(
    highlights: list[Highlight], useful: Counter[int], width: int = 200
) -> list[tuple[str, str, int]]:
    """The highlights the most people found useful (at least one)."""
    ranked = sorted(
        (h for h in highlights if useful.get(h.id or 0)), key=lambda h: -useful[h.id or 0]
    )[:TOP_HIGHLIGHTS]
    return [
        (" ".join(h.text.split())[:width], h.organisation or h.author_name, useful[h.id or 0])
        for h in ranked
    ]


def evaluations(
    polls: list[Poll], voters: Counter[int], totals: dict[int, tuple[int, int]], threshold: int
) -> list[Evaluation]:
    """Each evaluation's average score, shown only above its anonymity threshold."""
    found = []
    for poll in polls:
        if poll.kind != "evaluation" or poll.id is None:
            continue
        answers = voters.get(poll.id, 0)
        needed = max(poll.min_responses or 0, threshold)
        total, count = totals.get(poll.id, (0, 0))
        average = total / count if count and answers >= needed else None
        found.append(Evaluation(poll.question, poll.created_at, answers, average))
    return found


def trend(evaluations: list[Evaluation]) -> float | None:
    """The last shown average minus the first one (None with fewer than two)."""
    shown = [e.average for e in evaluations if e.average is not None]
    return shown[-1] - shown[0] if len(shown) >= 2 else None


def organisations_involved(
    organisations: list[Organisation],
    start: datetime,
    end: datetime,
    attendance: list[tuple[str, int]],
    highlights: list[Highlight],
) -> tuple[list[str], list[str]]:
    """(organisations new this year, organisations that attended or shared a highlight)."""
    new = [o.name for o in organisations if start <= o.created_at < end]
    names = {o.name_key: o.name for o in organisations}
    active = {fold(name) for name, _ in attendance}
    active |= {fold(h.organisation) for h in highlights if h.organisation}
    return new, sorted((names.get(key, key) for key in active if key in names), key=fold)


def departed(events: list[PartnerEvent], organisations: list[Organisation]) -> list[str]:
    """Organisations removed from the map in the period, or left without anyone and still so."""
    vacant = {o.name_key for o in organisations if o.vacant_since is not None}
    names: dict[str, str] = {}
    for event in events:
        if not event.organisation:
            continue
        key = fold(event.organisation)
        if event.kind == "retire" or (event.kind == "vacant" and key in vacant):
            names.setdefault(key, event.organisation)
    return sorted(names.values(), key=fold)


def handovers(events: list[PartnerEvent], names: dict[str, str]) -> list[Handover]:
    return [
        Handover(
            e.organisation or "",
            names.get(e.from_user or "", e.from_user or ""),
            names.get(e.to_user or "", e.to_user or ""),
            e.at,
        )
        for e in events
        if e.kind == "passation"
    ]


def adhesions_in(rows: list[Adhesion]) -> list[tuple[str, int, datetime]]:
    return [(a.organisation, a.charter_number, a.recorded_at) for a in rows]
