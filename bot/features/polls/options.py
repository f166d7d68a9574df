"""Reading ``/sondage "Question ?" "Choix 1" "Choix 2" … options`` into a poll spec.

Quoted words are always the question or choices. Unquoted option words are recognised
anywhere (``anonyme``, ``cache``, ``multiple``, ``multiple=2``, ``rappel``); a deadline
(``jusqu'à vendredi 17h``, ``fin: vendredi 17h``) runs until the next option word or quoted
text. After ``--`` every word must be an option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.errors import UserError
from bot.text import clean, fold, harmless, has_mass_mention

MIN_CHOICES = 2
MAX_CHOICES = 10
MAX_CHOICE = 75
MAX_QUESTION = 300

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'"})
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_ANONYMOUS = {"anonyme", "anonymous", "anon"}
_HIDDEN = {"cache", "cachee", "hidden", "secret"}
_REMIND = {"rappel", "reminder", "remind"}
_MULTIPLE = re.compile(r"^(?:multiple|multi|plusieurs)(?:[=:](\d{1,2}))?$")
_DEADLINE = re.compile(r"^(?:fin|deadline|end|until|jusqu'(?:a|au|aux)|jusqua|jusque)(?:[=:]|$)")


@dataclass
class PollSpec:
    """What the person asked for, checked."""

    question: str
    choices: list[str]
    max_choices: int = 1
    anonymous: bool = False
    hidden: bool = False
    remind: bool = False
    deadline: str | None = None  # text for ctx.parse_when
    unknown: list[str] = field(default_factory=list)


def tokens(text: str) -> list[tuple[str, bool]]:
    """Words with whether they were quoted; « … » and “…” count as quotes."""
    normalised = clean(text).translate(_QUOTES)
    return [
        (match.group(1).strip(), True) if match.group(1) is not None else (match.group(2), False)
        for match in _TOKEN.finditer(normalised)
    ]


def _option(spec: PollSpec, word: str) -> bool:
    """Apply ``word`` if it is an option; False otherwise."""
    key = fold(word)
    if key in _ANONYMOUS:
        spec.anonymous = True
    elif key in _HIDDEN:
        spec.hidden = True
    elif key in _REMIND:
        spec.remind = True
    elif match := _MULTIPLE.match(key):
        spec.max_choices = int(match.group(1)) if match.group(1) else MAX_CHOICES
        if spec.max_choices < 1:
            raise UserError("polls.bad_multiple", value=word)
    else:
        return False
    return True


def is_option(word: str) -> bool:
    """True for an option word (without applying it)."""
    return _option(PollSpec(question="", choices=[]), word)


def parse_command(text: str) -> PollSpec:
    """The poll typed on one line; UserError with an example when it cannot be one."""
    words = tokens(text)
    spec = PollSpec(question="", choices=[])
    texts: list[str] = []
    strict = False
    index = 0
    while index < len(words):
        word, quoted = words[index]
        index += 1
        if not quoted and word == "--":
            strict = True
        elif not quoted and (match := _DEADLINE.match(fold(word))):
            folded = fold(word)
            parts = [(word if len(word) == len(folded) else folded)[match.end() :]]
            while index < len(words) and not words[index][1] and not is_option(words[index][0]):
                parts.append(words[index][0])
                index += 1
            spec.deadline = " ".join(parts).strip()
            if not spec.deadline:
                raise UserError("polls.missing_deadline")
        elif not quoted and _option(spec, word):
            continue
        elif strict:
            spec.unknown.append(word)
        elif word:
            texts.append(word)
    if spec.unknown:
        raise UserError("polls.unknown_option", word=spec.unknown[0][:60])
    if not texts:
        raise UserError("polls.missing_question")
    spec.question, spec.choices = texts[0], texts[1:]
    return checked(spec)


def parse_option_line(spec: PollSpec, text: str) -> PollSpec:
    """Options typed in the form: « anonyme, multiple=2, rappel »."""
    for word in re.split(r"[\s,;]+", clean(text)):
        if word and not _option(spec, word):
            raise UserError("polls.unknown_option", word=word[:60])
    return spec


def checked(spec: PollSpec) -> PollSpec:
    """Refuse a missing or too long question, too few or too many choices, duplicates."""
    question = clean(spec.question)
    if not question:
        raise UserError("polls.missing_question")
    if len(question) > MAX_QUESTION:
        raise UserError("polls.question_too_long", length=len(question), limit=MAX_QUESTION)
    choices = [clean(choice) for choice in spec.choices if clean(choice)]
    if len(choices) < MIN_CHOICES:
        raise UserError("polls.too_few_choices", count=len(choices))
    if len(choices) > MAX_CHOICES:
        raise UserError("polls.too_many_choices", count=len(choices), limit=MAX_CHOICES)
    seen: dict[str, str] = {}
    for choice in choices:
        if len(choice) > MAX_CHOICE:
            raise UserError(
                "polls.choice_too_long", choice=harmless(choice[:40]) + "…", limit=MAX_CHOICE
            )
        if fold(choice) in seen:
            raise UserError("polls.duplicate_choice", choice=harmless(choice))
        seen[fold(choice)] = choice
    if any(has_mass_mention(text) for text in [question, *choices]):
        raise UserError("core.no_mass_mention")
    spec.question = harmless(question)
    spec.choices = [harmless(choice) for choice in choices]
    spec.max_choices = max(1, min(spec.max_choices, len(choices)))
    return spec
