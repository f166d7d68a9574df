"""One organisation's participation over a fiscal year, as data (pure): anonymous results are
never broken down by organisation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from bot.features.overview.review import ATTENDING, Handover
from bot.hooks import FollowupFigures
from bot.text import fold
from storage.models.highlights import Highlight, HighlightTag
from storage.models.meetings import Meeting, Rsvp, TrioSeat

ORGANISATION_WORDS = {"organisme", "organisation", "org"}
_PERIOD_TAIL = re.compile(
    r"\s+(\d{4}(?:\s*[-/–]\s*\d{2,4})?|en cours|précédent|precedent|current|previous)$",
    re.IGNORECASE,
)


def split_request(text: str) -> tuple[str, str] | None:
    """« organisme CDC des Collines 2025-2026 » → ("CDC des Collines", "2025-2026");
    « organisme CDC | 2025 » too; None when the bilan is the table's."""
    words = text.split(maxsplit=1)
    if not words or fold(words[0]) not in ORGANISATION_WORDS:
        return None
    rest = words[1].strip() if len(words) > 1 else ""
    if "|" in rest:
        name, period = rest.split("|", 1)
        return name.strip(), period.strip()
    match = _PERIOD_TAIL.search(rest)
    if match:
        return rest[: match.start()].strip(), match.group(1)
    return rest, ""


@dataclass
class OrganisationReview:
    label: str
    start: datetime
    end: datetime
    name: str
    people: list[str] = field(default_factory=list)
    meetings_held: int = 0
    attended: list[tuple[datetime, str]] = field(default_factory=list)  # start, title
    trio: list[tuple[str, int]] = field(default_factory=list)  # role, times
    highlights: int = 0
    themes: list[tuple[str, int]] = field(default_factory=list)
    followup: FollowupFigures | None = None
    adhesion: tuple[int, datetime] | None = None  # charter version, when
    handovers: list[Handover] = field(default_factory=list)


def attended(
    meetings: list[Meeting], rsvps: list[Rsvp], people: set[str], untitled: str
) -> list[tuple[datetime, str]]:
    """The meetings at which someone of the organisation was present or represented."""
    there = {r.meeting_id for r in rsvps if r.user_id in people and r.answer in ATTENDING}
    return [(m.starts_at, m.title or untitled) for m in meetings if m.id in there]


def trio_roles(seats: list[TrioSeat], people: set[str]) -> list[tuple[str, int]]:
    counts = Counter(seat.role for seat in seats if seat.user_id in people)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def own_highlights(highlights: list[Highlight], key: str) -> list[Highlight]:
    return [h for h in highlights if h.organisation and fold(h.organisation) == key]


def own_themes(tags: list[HighlightTag], ids: set[int]) -> list[tuple[str, int]]:
    counts, labels = Counter[str](), {}
    for tag in tags:
        if tag.highlight_id in ids:
            counts[tag.tag] += 1
            labels.setdefault(tag.tag, tag.label)
    return [(labels[t], c) for t, c in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
