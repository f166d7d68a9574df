"""Who comes to a meeting: delegates matched to people, the quorum's voices, the list.

A delegation names its delegate as typed (« Julie Roy (CDC) », or a mention): when that
names someone of the workspace, the delegate is that person. The quorum counts people
there (``personnes``: each present person, and each delegate not already counted) or
organisations (``organismes``: one voice per organisation present or represented).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import fold, user_ref
from storage.models import Member
from storage.models.meetings import Rsvp

BY_PERSON, BY_ORGANISATION = "personnes", "organismes"
_MODES = {
    BY_PERSON: ("personnes", "personne", "persons", "person", "people"),
    BY_ORGANISATION: (
        "organismes",
        "organisme",
        "organisations",
        "organisation",
        "organizations",
        "organization",
        "orgs",
        "org",
    ),
}


@dataclass(frozen=True)
class Attendee:
    """One answer to a meeting, with who gave it and whom it names as delegate."""

    user_id: str
    name: str
    organisation: str  # folded; empty when unknown
    answer: str
    delegate: str | None = None  # as typed
    delegate_id: str | None = None  # the person it names, when known


def quorum_mode(text: str) -> str | None:
    """« organismes », "organisations", « personnes »… → the mode; None when not one."""
    key = fold(text).strip()
    return next((mode for mode, words in _MODES.items() if key in words), None)


def delegate_id(text: str | None, members: list[Member]) -> str | None:
    """The person a delegation names: a mention, or a known name (« Julie Roy (CDC) »)."""
    if not text:
        return None
    if (mentioned := user_ref(text.split()[0])) is not None:
        return mentioned
    wanted = {fold(text), fold(text.split("(")[0]), fold(text.split(",")[0])}
    wanted = {w.strip().lstrip("@") for w in wanted}
    found = [m.user_id for m in members if fold(m.display_name) in wanted]
    return found[0] if len(found) == 1 else None


def attendees(rsvps: list[Rsvp], members: list[Member]) -> list[Attendee]:
    """Each answer with its person's name and organisation, and its delegate matched."""
    by_id = {m.user_id: m for m in members}
    found = []
    for rsvp in rsvps:
        member = by_id.get(rsvp.user_id)
        found.append(
            Attendee(
                rsvp.user_id,
                member.display_name if member else rsvp.user_id,
                fold(member.organisation or "") if member else "",
                rsvp.answer,
                rsvp.delegate,
                delegate_id(rsvp.delegate, members) if rsvp.answer == "delegated" else None,
            )
        )
    return found


def voices(people: list[Attendee], mode: str = BY_PERSON) -> int:
    """How many voices count toward the quorum: a delegate already counted counts once."""
    present = {p.user_id for p in people if p.answer == "present"}
    if mode == BY_ORGANISATION:
        keys = {p.organisation or f"user:{p.user_id}" for p in people if p.user_id in present}
        for p in people:
            if p.answer == "delegated":
                keys.add(p.organisation or f"delegate:{delegate_key(p)}")
        return len(keys)
    delegates = {delegate_key(p) for p in people if p.answer == "delegated"}
    return len(present) + len({d for d in delegates if d not in present})


def delegate_key(person: Attendee) -> str:
    """Who represents ``person``: the delegate's user id when known, else the name typed."""
    return person.delegate_id or f"name:{fold(person.delegate or '')}"


def counted_already(people: list[Attendee], user_id: str, mode: str = BY_PERSON) -> bool:
    """``user_id``'s delegation adds no voice: their delegate is counted already."""
    without = [p for p in people if p.user_id != user_id]
    return voices(people, mode) == voices(without, mode)
