"""The trio d'animation: animation, synthèse, observation — three organisations, tour à tour.

Rotation: candidates are the people with an organisation (``/partenaire moi``) who did not
answer absent or delegated for the meeting; those who served least recently come first
(never served before anyone), then fewer services, then name.
Three are picked greedily from three different organisations; someone who declined a role
is not proposed for that role again, but may be for another. The coordination may name
anyone who will be there, whatever they declined.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.errors import UserError
from bot.text import fold
from storage.models import Member
from storage.models.meetings import TrioSeat

ROLES = ("animation", "synthese", "observation")
SERVING = ("proposed", "accepted")
AWAY = ("absent", "delegated")  # RSVP answers that rule a person out of the trio


@dataclass
class Candidate:
    user_id: str
    name: str
    organisation: str
    last_served: datetime | None
    times: int

    def rank(self) -> tuple:
        return (
            self.last_served is not None,
            self.last_served or datetime.min,
            self.times,
            fold(self.name),
        )


def ranked_candidates(
    members: Iterable[Member],
    unavailable: set[str],
    served: dict[str, tuple[datetime, int]],
) -> list[Candidate]:
    """Eligible people, least recently served first; those unavailable left out."""
    found = [
        Candidate(
            m.user_id, m.display_name, m.organisation or "", *(served.get(m.user_id) or (None, 0))
        )
        for m in members
        if m.user_id not in unavailable and (m.organisation or "").strip()
    ]
    return sorted(found, key=Candidate.rank)


def is_serving(seat: TrioSeat | None) -> bool:
    """Someone holds the seat (proposed or accepted)."""
    return seat is not None and bool(seat.user_id) and seat.status in SERVING


def taken_seats(seats: dict[str, TrioSeat]) -> list[TrioSeat]:
    return [seat for seat in seats.values() if is_serving(seat)]


def propose(
    workspace: str,
    meeting_id: int,
    seats: dict[str, TrioSeat],
    candidates: list[Candidate],
    organisations: set[str],
    declined: dict[str, set[str] | None] | None = None,
) -> tuple[list[TrioSeat], list[str]]:
    """Someone for each role without a taker, each from an organisation not yet seated
    (``organisations``, folded) and who did not decline that role (``declined``: the roles
    each person declined, None for every role); the seats changed, and the users newly
    proposed."""
    declined = declined or {}
    users = {seat.user_id for seat in taken_seats(seats)}
    organisations = set(organisations)
    pool = [
        c
        for c in candidates
        if c.user_id not in users and fold(c.organisation) not in organisations
    ]
    changed, proposed = [], []
    for role in ROLES:
        seat = seats.get(role)
        if is_serving(seat):
            continue
        choice = next(
            (
                c
                for c in pool
                if fold(c.organisation) not in organisations
                and not declined_role(declined, c.user_id, role)
            ),
            None,
        )
        seat = seat or TrioSeat(workspace=workspace, meeting_id=meeting_id, role=role)
        seat.user_id = choice.user_id if choice else None
        seat.status = "proposed" if choice else "open"
        changed.append(seat)
        if choice:
            organisations.add(fold(choice.organisation))
            pool.remove(choice)
            proposed.append(choice.user_id)
    return changed, proposed


def declined_role(declined: dict[str, set[str] | None], user_id: str, role: str) -> bool:
    """``user_id`` declined ``role`` (an old record without roles: every role)."""
    if user_id not in declined:
        return False
    roles = declined[user_id]
    return roles is None or role in roles


def check_three(people: list[str]) -> None:
    """Naming the trio by hand takes three different people."""
    if len(people) != 3 or len(set(people)) != 3:
        raise UserError("meetings.trio_need_three")


def check_members(members: list[Member], away: set[str]) -> None:
    """Refuse a trio by hand whose people lack an organisation, share one, or answered that
    they will not be there (declining a role earlier does not bar anyone)."""
    missing = [m.display_name for m in members if not fold(m.organisation or "")]
    if missing:
        plural = "one" if len(missing) == 1 else "many"
        raise UserError(f"meetings.trio_no_organisation_{plural}", names=", ".join(missing))
    organisations: dict[str, str] = {}
    for member in members:
        key = fold(member.organisation or "")
        if key and key in organisations:
            raise UserError(
                "meetings.trio_same_organisation",
                organisation=member.organisation,
                first=organisations[key],
                second=member.display_name,
            )
        organisations[key] = member.display_name
    for member in members:
        if member.user_id in away:
            raise UserError("meetings.trio_person_away", name=member.display_name)


def seated(
    workspace: str, meeting_id: int, seats: dict[str, TrioSeat], people: list[str]
) -> list[TrioSeat]:
    """The three seats given by hand to ``people``, in role order, accepted at once."""
    changed = []
    for role, user_id in zip(ROLES, people, strict=True):
        seat = seats.get(role) or TrioSeat(workspace=workspace, meeting_id=meeting_id, role=role)
        seat.user_id, seat.status = user_id, "accepted"
        changed.append(seat)
    return changed


def waiting(seats: dict[str, TrioSeat]) -> list[str]:
    """The people proposed who have not answered yet, in role order."""
    return [
        seats[role].user_id or ""
        for role in ROLES
        if role in seats and seats[role].status == "proposed" and seats[role].user_id
    ]


def pending_roles(seats: dict[str, TrioSeat]) -> list[TrioSeat]:
    """The seats without an answer (proposed and not accepted, or to be filled), role order."""
    return [
        seats[role]
        for role in ROLES
        if role in seats and seats[role].status in ("proposed", "open")
    ]
