"""The names features meet by: hooks (with the signature of their providers) and job kinds.

A hook is offered by one feature and asked by another, neither importing the other:

    @feature.hook(hooks.MEETING_ATTENDEES)            # meetings offers it
    async def attendees(ctx: Ctx, meeting_id: int) -> list[str] | None: ...

    answers = await ctx.hook(hooks.MEETING_ATTENDEES, poll.meeting_id)   # polls asks

``Hook[P, R]``: a provider is ``async def (ctx, *P) -> R | None``; asking returns ``list[R]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, ParamSpec, TypeVar

from bot.messages import Block, Message, Reply
from bot.pages import PageSection

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Hook(Generic[P, R]):
    """A named point where features offer answers to one another."""

    name: str


# -- hooks ---------------------------------------------------------------------------------
MEETING_REMINDER_SECTIONS: Hook[[datetime | None, datetime], list[Block]] = Hook(
    "meetings.reminder_sections"
)
"""Blocks added to a meeting's digest reminder: what happened since the previous meeting."""

MEETING_AGENDA_EXTRAS: Hook[[], list[str]] = Hook("meetings.agenda_extras")
"""Lines added under a meeting's agenda (e.g. terms to discuss)."""

MEETING_ENDED: Hook[[int, str], Reply] = Hook("meetings.ended")
"""A meeting (id, title) just ended: what to post (e.g. its evaluation)."""

MEETING_ATTENDEES: Hook[[int], list[str]] = Hook("meetings.attendees")
"""The user ids of the people present at (or represented at) a meeting."""

LAST_MEETING_START: Hook[[], datetime] = Hook("meetings.last_meeting_start")
"""When the channel's last past meeting began."""

MEETING_ROLE_HOLDER: Hook[[int, str], str] = Hook("meetings.role_holder")
"""Who held a trio role (« animation », « synthese », « observation ») at a meeting: a user id."""

MEETING_TITLE: Hook[[int], str] = Hook("meetings.title")
"""The title of a meeting of this workspace and channel (None: no such meeting here)."""

PUBLIC_PAGE_SECTIONS: Hook[[], PageSection] = Hook("web.public_page_sections")
"""A section of the table's published page (the adopted glossary, the next meetings…):
only what the table chose to make public. Its ``key`` lets the coordination switch it off."""

MAIL_DIGEST_SECTIONS: Hook[[datetime | None], PageSection] = Hook("mail.digest_sections")
"""A section of the e-mail digest: what is new since the previous digest (None: the first),
or open now (the next meeting's agenda, open actions, open polls)."""

MEETING_CHANGED: Hook[[int], str] = Hook("meetings.changed")
"""A meeting (id) was planned, moved, edited or cancelled (e.g. invitations go out by mail)."""

MEETING_EVENT: Hook[[int], bytes] = Hook("meetings.event")
"""A meeting (id) of this workspace as one iCalendar VEVENT (its UID, SEQUENCE, STATUS,
TZID times, place, agenda), the same event as the channel's calendar feed."""

PERSON_NAME: Hook[[str], str] = Hook("people.name")
"""How to name a person the chat does not know (a partner who answered by mail: its user id
is « courriel:<n> »); None when the provider does not know them either."""

MEETING_RSVP: Hook[[int, str, str], str] = Hook("meetings.rsvp")
"""Record an answer (meeting id, user id, « present » / « absent » / « delegated ») as the
buttons do; the answer recorded, None when the meeting no longer takes answers."""

MEMBER_JOINED: Hook[[str], Message] = Hook("partners.member_joined")
"""A person (user id) just joined the table (first declared their organisation): what to
tell them privately (e.g. a welcome)."""

PERSON_FIRST_SEEN: Hook[[str], Message] = Hook("core.person_first_seen")
"""A person (user id) Outarde never saw in this workspace just used a command, a button or a
form: what to tell them privately (e.g. a welcome)."""

ORGANISATION_OPEN_ACTIONS: Hook[[str], list[str]] = Hook("followup.organisation_open_actions")
"""The open actions of an organisation (its name) or of its people: one line each."""

PERSON_HANDED_OVER: Hook[[str, str], str] = Hook("partners.person_handed_over")
"""A person (old user id) hands their seat over to a successor (new user id): each feature
moves what it holds for them (open actions, trio roles) and tells what it moved, in a line."""


@dataclass(frozen=True)
class FollowupFigures:
    """Decisions and actions of a period (for a bilan)."""

    decisions: int = 0
    actions: int = 0
    done: int = 0
    late: int = 0  # still open past their due date, or done after it
    open: int = 0


FOLLOWUP_FIGURES: Hook[[datetime, datetime, str | None], FollowupFigures] = Hook("followup.figures")
"""Decisions and actions recorded in [start, end), for one organisation (its name) or all."""

Suggestions = list[tuple[str, str]]


def suggest(family: str) -> Hook[[str], Suggestions]:
    """Autocomplete for ``/family``: (label, value) pairs for a typed prefix."""
    return Hook(f"suggest.{family}")


def setting_changed(setting: str) -> Hook[[], str]:
    """A workspace setting changed: a line telling what followed (e.g. reminders re-planned)."""
    return Hook(f"setting_changed.{setting}")


# -- job kinds -----------------------------------------------------------------------------
# A job handler is ``async def (ctx, job: Job) -> Reply``; its key is chosen by its feature.
MEETING_REMINDER = "meetings.reminder"
MEETING_END = "meetings.ended"
MEETING_REFRESH_CARD = "meetings.refresh_card"
MEETING_CANCEL_QUESTION = "meetings.cancel_question"
HIGHLIGHTS_HARVEST = "highlights.harvest"
POLL_CLOSE = "polls.close"
POLL_REFRESH = "polls.refresh"
POLL_REMINDER = "polls.reminder"
FOLLOWUP_REMINDER = "followup.reminder"
FOLLOWUP_OVERDUE = "followup.overdue"
MAIL_DIGEST = "outarde.mail_digest"
PARTNERS_VACANCY = "partners.vacancy"
MAIL_INVITATION = "outarde.mail_invitation"
REGION_ANNOUNCE = "region.announce"
REGION_REQUEST = "region.request"

JOB_KINDS: frozenset[str] = frozenset(
    {
        MEETING_REMINDER,
        MEETING_END,
        MEETING_REFRESH_CARD,
        MEETING_CANCEL_QUESTION,
        HIGHLIGHTS_HARVEST,
        POLL_CLOSE,
        POLL_REFRESH,
        POLL_REMINDER,
        FOLLOWUP_REMINDER,
        FOLLOWUP_OVERDUE,
        MAIL_DIGEST,
        PARTNERS_VACANCY,
        MAIL_INVITATION,
        REGION_ANNOUNCE,
        REGION_REQUEST,
    }
)
"""Every job kind; a router refuses a job handler for a kind not listed here."""

AnyHook = Hook[Any, Any]


# -- what a table shares with its region (bot/features/region) ---------------------------
@dataclass(frozen=True)
class SharedHighlight:
    text: str
    organisation: str
    created_at: datetime


@dataclass(frozen=True)
class SharedMeeting:
    title: str
    starts_at: datetime
    location: str


@dataclass(frozen=True)
class SharedTerm:
    term: str
    definition: str
    source: str | None


@dataclass(frozen=True)
class SharedTrend:
    criterion: str
    average: float
    evaluations: int


REGION_HIGHLIGHTS: Hook[[str, datetime], list[SharedHighlight]] = Hook("region.highlights")
"""The table's highlights tagged with a theme (its key) since an instant, oldest first."""

REGION_MEETINGS: Hook[[], list[SharedMeeting]] = Hook("region.meetings")
"""The table's planned meetings to come, soonest first."""

REGION_GLOSSARY: Hook[[], list[SharedTerm]] = Hook("region.glossary")
"""The table's adopted glossary."""

REGION_TRENDS: Hook[[], list[SharedTrend]] = Hook("region.trends")
"""The table's evaluation averages per criterion, over the evaluations whose answers reached
the table's anonymity threshold only (none below it)."""

VOCAB_IMPORT: Hook[[str, str, str], str] = Hook("vocab.import")
"""Adopt a term (term, definition, source) in this table's glossary: the term as stored."""
