"""What people type after /rencontre: plans, a meeting and a date, agenda verbs, the trio."""

from __future__ import annotations

import re

from bot import refs
from bot.ctx import Ctx
from bot.errors import UserError
from bot.features.meetings.common import MAX_POINT, meeting_ref
from bot.text import fold, user_ref
from bot.validation import checked_text

_SEPARATOR = re.compile(r"\s*\|\s*")
FORM_FIELDS = {"when.": "quand", "meetings.too_far": "quand", "meetings.missing_when": "quand"}
FORM_FIELDS |= {f"meetings.{kind}_location": "lieu" for kind in ("empty", "too_long")}
FORM_FIELDS |= {f"meetings.{kind}_title": "titre" for kind in ("empty", "too_long")}
AGENDA_VERBS = {
    "add": ("ajouter", "add"),
    "up": ("monter", "up"),
    "down": ("descendre", "down"),
    "remove": ("retirer", "remove", "enlever"),
    "move": ("deplacer", "placer", "move"),
}


def words_of(text: str) -> list[str]:
    """The words typed; not split_args: its shlex drops « #12 » as a comment."""
    return text.split()


def split_plan(text: str) -> tuple[str, str, str]:
    """« jeudi 13 h 30 | Salle du conseil | Rencontre d'automne » → its three parts."""
    parts = [*_SEPARATOR.split(text.strip(), maxsplit=2), "", ""]
    return parts[0], parts[1], parts[2]


def optional_text(text: str, limit: int, field: str) -> str | None:
    """The place or title (``field``: ``location`` or ``title``), None when not given."""
    text = text.strip()
    if not text:
        return None
    return checked_text(
        text,
        limit=limit,
        empty_key=f"meetings.empty_{field}",
        too_long_key=f"meetings.too_long_{field}",
    )


def question_value(value: str) -> tuple[str, str]:
    """The meeting's version and the question's token in a « cancel? » button value
    ``<id>:<sequence>:<token>`` (empty when missing)."""
    _, sequence, token = [*value.split(":", 2), "", ""][:3]
    return sequence, token


def form_field(error: UserError) -> str | None:
    """The field of the planning form an error is about, if any."""
    return FORM_FIELDS.get(error.key) or FORM_FIELDS.get(error.key.split(".")[0] + ".")


def date_error(ctx: Ctx, text: str) -> str | None:
    """Why ``text`` is no date to come (the catalogue key), or None when it is one (a span,
    « jeudi 13 h à 16 h », is one)."""
    try:
        ctx.parse_span(text)
    except UserError as error:
        return error.key
    return None


def meeting_and_date(ctx: Ctx, text: str) -> tuple[int | None, str]:
    """``#12 jeudi 13 h``, ``12 jeudi 13 h`` or ``jeudi 13 h`` → (12 or None, the date).

    A leading bare number is the meeting unless the whole text reads as a date on its own
    (« 1 octobre 10 h ») or the rest is not even understood as one (then the whole text's
    error is the useful one); « 1 hier » is meeting 1, moved to a day already past.
    """
    first, _, rest = text.strip().partition(" ")
    meeting_id = meeting_ref(first)
    bare = meeting_id is not None and not first.startswith("#") and bool(rest.strip())
    understood_rest = (None, "when.past", "when.too_far")  # a date, even if not a valid one
    if bare and (date_error(ctx, text) is None or date_error(ctx, rest) not in understood_rest):
        meeting_id = None
    if meeting_id is None:
        return None, text
    return meeting_id, rest


def agenda_verb(word: str) -> str | None:
    """« ajouter », « monter », « descendre », « retirer » (or their English) → the action."""
    key = fold(word)
    return next((action for action, names in AGENDA_VERBS.items() if key in names), None)


def agenda_point(words: list[str]) -> str:
    """The point typed after « ajouter », checked."""
    return checked_text(
        " ".join(words) if words else "", limit=MAX_POINT, empty_key="meetings.agenda_empty_point"
    )


def point_number(ctx: Ctx, words: list[str], count: int) -> int:
    """The point number N (1-based) typed by the person, checked against the agenda."""
    if len(words) != 1 or not words[0].isdecimal():
        raise ctx.usage_error()
    number = int(words[0])
    if not 1 <= number <= count:
        raise UserError("meetings.agenda_bad_number", number=words[0][:9], count=count)
    return number


def move_numbers(ctx: Ctx, words: list[str], count: int) -> tuple[int, int]:
    """« 4 1 » or « 4 en 1 » / "4 to 1": point 4 goes to position 1 (both checked)."""
    numbers = [w for w in words if fold(w) not in ("en", "a", "to", "position", "au", "rang")]
    if len(numbers) != 2:
        raise ctx.usage_error()
    return point_number(ctx, numbers[:1], count), point_number(ctx, numbers[1:], count)


def trio_people(ctx: Ctx, words: list[str]) -> tuple[list[str], dict[str, str]]:
    """The people named in ``@a @b @c`` and how each was written (to name someone not met
    yet as typed); a usage error when a word names nobody."""
    people = [user_ref(w) for w in words]
    if words and not all(people):
        raise ctx.usage_error()
    typed = {p: "@" + refs.label(w) for p, w in zip(people, words, strict=True) if p}
    return [p for p in people if p], typed
