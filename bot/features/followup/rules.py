"""When reminders fall, who may change an item, and the statuses of items."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from storage.models.followup import FollowupItem

ACTION, DECISION = "action", "decision"
OPEN, DONE, REMOVED, TAKEN = "ouverte", "faite", "retiree", "prise"
EARLY_NOTICE = timedelta(days=3)
MORNING = 8  # the reminder of the day, in the workspace's time zone
WEEKLY_DAY, WEEKLY_HOUR = 0, 9  # the overdue list: Mondays, 9 h
PAGE_SIZE = 10


class Listed(Protocol):
    """What a list line, an export or a status reads of an item: a ``FollowupItem``, or the
    same columns read as a plain row."""

    @property
    def id(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def owner_id(self) -> str | None: ...
    @property
    def owner_org(self) -> str | None: ...
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def status(self) -> str: ...
    @property
    def assigned_channel(self) -> str | None: ...
    @property
    def meeting_id(self) -> int | None: ...
    @property
    def done_at(self) -> datetime | None: ...


# history kinds
CREATED, MARKED_DONE, POSTPONED, HELP, CORRECTED, DROPPED, ASSIGNED = (
    "creee",
    "faite",
    "reportee",
    "aide",
    "corrigee",
    "retiree",
    "confiee",
)

AWAITED, DRAFT, APPROVED = "attendu", "brouillon", "approuve"  # a compte rendu's statuses


def reminder_times(due: datetime, now: datetime, tz: ZoneInfo) -> list[tuple[str, datetime]]:
    """(label, instant) of the reminders still to come: 3 days before, and the morning of."""
    times = []
    early = due - EARLY_NOTICE
    if early > now:
        times.append(("3j", early))
    local = due.astimezone(tz)
    day = min(local.replace(hour=MORNING, minute=0, second=0, microsecond=0), local)
    if day > now and (not times or day > times[-1][1]):
        times.append(("jour", day))
    return times


def next_weekly(now: datetime, tz: ZoneInfo) -> datetime:
    """The next Monday 9 h (local) strictly after ``now``."""
    local = now.astimezone(tz)
    days = (WEEKLY_DAY - local.weekday()) % 7
    candidate = (local + timedelta(days=days)).replace(
        hour=WEEKLY_HOUR, minute=0, second=0, microsecond=0
    )
    if candidate <= local:
        candidate += timedelta(days=7)
    return candidate


def may_change(
    item: FollowupItem, user_id: str, organisation_key: str | None, is_coordinator: bool
) -> bool:
    """The owner (or someone of the owning organisation), the recorder, or the coordination."""
    if is_coordinator or item.recorded_by == user_id or item.owner_id == user_id:
        return True
    return bool(item.owner_org_key) and item.owner_org_key == organisation_key


def is_late(item: Listed, now: datetime) -> bool:
    return item.status == OPEN and item.due_at is not None and item.due_at < now
