"""What people type after /suivi: owners, due dates, meeting numbers, list filters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import refs
from bot.errors import UserError
from bot.text import clean, fold, harmless, truncate, user_ref
from bot.validation import checked_text

MAX_TEXT = 500  # an action or a decision
MAX_OWNER = 120
MAX_WHEN = 100
MAX_REPORT_FIELD = 3000
MAX_LINES = 40  # lines of one field of a compte rendu

_MEETING_TAIL = re.compile(r"\s*#(\S*)\s*$")
_DUE = re.compile(r"\s(?:pour|by|due|d'ici|d’ici)\s+", re.IGNORECASE)
_MENTION_HEAD = re.compile(
    rf"^({refs.OPEN}{refs.PERSON}[^{refs.CLOSE}]*{refs.CLOSE})\s*(.*)$", re.DOTALL
)
_NAME_HEAD = re.compile(r"^@([^\s@]+)\s*(.*)$", re.DOTALL)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")
_NUMBER = re.compile(r"^#?(\d{1,9})$")
# another channel of the workspace, as a reference (each adapter turns its links into one)
_REF_CHANNEL = (
    f"{refs.OPEN}#([A-Za-z0-9_.\\-]{{1,80}})(?:{refs.LABEL}[^\ue000-\ue002]*)?{refs.CLOSE}"
)
_CHANNEL = re.compile(
    r"(?:\s*\b(?:canal|channel|dans|in|sous-comit[ée]|subcommittee)\s*)?"
    + _REF_CHANNEL,
    re.IGNORECASE,
)

MINE = {"mes", "mine", "miennes", "moi", "me", "my"}
LATE = {"en retard", "retard", "late", "overdue", "en-retard"}
EVERYTHING = {"toutes", "tout", "all", "tous"}
DECISIONS = {"decisions", "decision"}
DONE = {"faites", "fait", "done"}


@dataclass(frozen=True)
class ActionLine:
    """``@personne TEXTE pour QUAND #rencontre`` taken apart (the owner not yet looked up)."""

    head: str  # the owner then the text
    due: str  # empty: no due date
    meeting_id: int | None
    channel: str | None = None  # the sous-comité's channel it is assigned to


@dataclass(frozen=True)
class Owner:
    """Who an action is for: a person of the table or an organisation of the map."""

    user_id: str | None
    organisation: str | None
    organisation_key: str | None


def item_number(value: str) -> int:
    """The item number in an untrusted button value or a typed « #12 »."""
    match = _NUMBER.match(value.strip())
    if match is None:
        raise UserError("followup.bad_reference")
    return int(match.group(1))


def split_meeting(text: str) -> tuple[str, int | None]:
    """``TEXTE #12`` → (``TEXTE``, 12); a « # » followed by anything but a number is refused."""
    match = _MEETING_TAIL.search(text)
    if match is None:
        return text.strip(), None
    if not match.group(1).isdecimal() or len(match.group(1)) > 9:
        raise UserError("followup.bad_meeting", text=harmless(truncate(match.group(0).strip(), 30)))
    return text[: match.start()].strip(), int(match.group(1))


def split_channel(text: str) -> tuple[str, str | None]:
    """``TEXTE canal #comite`` → (``TEXTE``, the channel's id); one channel at most."""
    found = list(_CHANNEL.finditer(text))
    if not found:
        return text, None
    if len(found) > 1:
        raise UserError("followup.two_channels")
    match = found[0]
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return " ".join(rest.split(" ")), match.group(1)


def parse_action(text: str) -> ActionLine:
    """Split what follows ``/suivi action``; the last « pour » introduces the due date."""
    text, channel = split_channel(clean(text))
    if not text.strip():
        raise UserError("followup.action_usage")
    rest, meeting_id = split_meeting(text)
    found = list(_DUE.finditer(rest))
    if not found:
        return ActionLine(rest, "", meeting_id, channel)
    last = found[-1]
    head, due = rest[: last.start()].strip(), rest[last.end() :].strip()
    return ActionLine(head, due, meeting_id, channel)


def split_owner(head: str) -> tuple[str | None, str | None, str]:
    """(user id of a mention, name typed after « @ », the rest) — both None for an organisation."""
    mention = _MENTION_HEAD.match(head)
    if mention:
        return user_ref(mention.group(1)), None, mention.group(2).strip()
    named = _NAME_HEAD.match(head)
    if named:
        return None, named.group(1), named.group(2).strip()
    return None, None, head


def split_organisation(head: str, known: dict[str, str]) -> tuple[str, str] | None:
    """The longest start of ``head`` naming an organisation of ``known`` (key → name) and
    the rest; « "CDC des Collines" texte » works too."""
    head = head.strip()
    if head[:1] in {'"', "«", "“"}:
        closing = {'"': '"', "«": "»", "“": "”"}[head[0]]
        end = head.find(closing, 1)
        if end > 0:
            key = fold(head[1:end])
            if key in known:
                return known[key], head[end + 1 :].strip()
        return None
    words = head.split()
    for count in range(min(len(words), 12), 0, -1):
        key = fold(" ".join(words[:count]))
        if key in known:
            return known[key], " ".join(words[count:])
    return None


def checked_item_text(text: str, kind: str) -> str:
    """An action's or a decision's text: not empty, at most 500 characters, no mass mention."""
    return checked_text(
        text, limit=MAX_TEXT, empty_key=f"followup.empty_{kind}", too_long_key="followup.too_long"
    )


def form_lines(text: str) -> list[str]:
    """The non-empty lines of a form field, bullets (« - », « 1. ») removed."""
    lines = [_BULLET.sub("", line).strip() for line in clean(text).split("\n")]
    return [line for line in lines if line][:MAX_LINES]


@dataclass(frozen=True)
class ListFilter:
    """Which items /suivi liste shows: ``kind`` is open, mine, person, org, late, meeting,
    all, decisions or done; ``value`` the person, organisation or meeting."""

    kind: str = "open"
    value: str = ""

    @property
    def state(self) -> str:
        """The filter as the pager's state (read back by ``read_filter``)."""
        return f"{self.kind}:{self.value}"


FILTER_KINDS = ("open", "mine", "person", "org", "late", "meeting", "all", "decisions", "done")


def read_filter(state: str) -> ListFilter:
    """A pager state back to a filter; anything malformed is the default list."""
    kind, _, value = state.partition(":")
    if kind not in FILTER_KINDS or len(value) > MAX_OWNER:
        return ListFilter()
    if kind == "meeting" and not value.isdecimal():
        return ListFilter()
    return ListFilter(kind, value)


def split_page(text: str) -> tuple[str, int]:
    """« en retard 2 » → (« en retard », 2): a trailing small number is a page."""
    words = text.split()
    if words and words[-1].isdecimal() and len(words[-1]) < 5 and not words[-1].startswith("#"):
        return " ".join(words[:-1]), max(1, int(words[-1]))
    return text.strip(), 1


def filter_word(text: str) -> ListFilter | None:
    """The filters named by a word alone: mes, en retard, toutes, décisions, faites, #12."""
    key = fold(text)
    if not key:
        return ListFilter()
    if key in MINE:
        return ListFilter("mine")
    if key in LATE:
        return ListFilter("late")
    if key in EVERYTHING:
        return ListFilter("all")
    if key in DECISIONS:
        return ListFilter("decisions")
    if key in DONE:
        return ListFilter("done")
    match = re.fullmatch(r"#(\d{1,9})", key)
    if match:
        return ListFilter("meeting", match.group(1))
    return None
