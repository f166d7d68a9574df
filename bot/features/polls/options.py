"""Reading ``/sondage "Question ?" "Choix 1" "Choix 2" … options`` (or its form) into a poll spec.

Quoted words are always the question or choices. Unquoted option words are recognised
anywhere (``anonyme``, ``cache``, ``multiple``, ``multiple=2``, ``rappel``); a deadline
(``jusqu'à vendredi 17h``, ``fin: vendredi 17h``) runs until the next option word or quoted
text. After ``--`` every word must be an option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from bot.ctx import Ctx
from bot.errors import FormInvalid, UserError
from bot.text import clean, fold, harmless, has_mass_mention

MIN_CHOICES = 2
MAX_CHOICES = 10
MAX_CHOICE = 75
MAX_QUESTION = 300

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'"})
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_PUNCTUATION = " ,;.!?()[]{}…"
_ANONYMOUS = {"anonyme", "anonymes", "anonymous"}
_HIDDEN = {"cache", "cachee", "caches", "cachees", "hidden"}
_REMIND = {"rappel", "rappels", "reminder"}
_CONFIRM = {"confirmer", "confirme", "confirm"}  # a deadline minutes away is meant
_MULTIPLE = re.compile(r"^multiples?(?:([=:])(.*))?$")
_COUNT = re.compile(r"^[+-]?\d+$")
_DEADLINE = re.compile(
    r"^(?:(?:jusqu'(?:a|au|aux)|jusqua|until)(?:[=:]|$)|(?:fin|end|deadline)[=:])"
)
_DEADLINE_WORDS = {"fin", "end", "deadline"}  # markers only before « : » or « = »
_SEPARATORS = {":", "="}
END_OF_DAY = "23h59"
FORM_ERRORS = {
    "polls.too_few_choices": "polls.form_too_few_choices",
    "polls.reminder_needs_deadline": "polls.form_reminder_needs_deadline",
    "polls.unknown_option": "polls.form_unknown_option",
}

Words = list[tuple[str, bool]]


@dataclass
class PollSpec:
    """What the person asked for, checked."""

    question: str
    choices: list[str]
    max_choices: int = 1
    anonymous: bool = False
    hidden: bool = False
    remind: bool = False
    confirmed: bool = False  # « confirmer »: a deadline minutes away is meant
    deadline: str | None = None  # text for ctx.parse_when
    unknown: list[str] = field(default_factory=list)
    option_words: list[str] = field(default_factory=list)  # as typed, for error messages


def tokens(text: str) -> Words:
    """Words with whether they were quoted; « … » and “…” count as quotes."""
    normalised = clean(text).translate(_QUOTES)
    return [
        (match.group(1).strip(), True) if match.group(1) is not None else (match.group(2), False)
        for match in _TOKEN.finditer(normalised)
    ]


def _bare(word: str) -> str:
    """An unquoted word folded, without the punctuation around it: « (Anonyme), » → anonyme."""
    return fold(word).strip(_PUNCTUATION)


def _unquoted_at(words: Words, index: int) -> str | None:
    """The unquoted word at ``index``, or None (end of line or quoted text)."""
    if index < len(words) and not words[index][1]:
        return words[index][0]
    return None


def _take_multiple(spec: PollSpec, words: Words, index: int, match: re.Match[str]) -> int:
    """``multiple``, ``multiple=2``, ``multiple:2``, ``multiple = 2`` or ``multiple 2``.

    A bare number after ``multiple`` is its limit only when no other bare number follows:
    in ``multiple 1 2 3`` the numbers are the choices (``multiple=1`` sets a limit).
    """
    typed = [words[index][0]]
    index += 1
    value = match.group(2)
    if match.group(1) is None and _unquoted_at(words, index) in _SEPARATORS:
        typed.append(words[index][0])
        index, value = index + 1, ""
    following = _unquoted_at(words, index)
    limit_follows = _is_count(following) and not _is_count(_unquoted_at(words, index + 1))
    if following is not None and (value == "" or (value is None and limit_follows)):
        typed.append(following)
        index, value = index + 1, _bare(following)
    if value is None:
        spec.max_choices = MAX_CHOICES
    elif value.isdecimal() and 1 <= int(value) <= MAX_CHOICES:
        spec.max_choices = int(value)
    else:
        value = harmless(" ".join(typed)[:60])
        raise UserError("polls.bad_multiple", value=value, limit=MAX_CHOICES)
    return index


def _is_count(word: str | None) -> bool:
    return word is not None and bool(_COUNT.match(_bare(word)))


def _take_option(spec: PollSpec, words: Words, index: int) -> int:
    """Apply the option at ``index``; the index after it, or ``index`` itself if none."""
    word = _unquoted_at(words, index)
    if word is None:
        return index
    key = _bare(word)
    if key in _ANONYMOUS:
        spec.anonymous = True
    elif key in _HIDDEN:
        spec.hidden = True
    elif key in _REMIND:
        spec.remind = True
    elif key in _CONFIRM:
        spec.confirmed = True
    elif match := _MULTIPLE.match(key):
        after = _take_multiple(spec, words, index, match)
        spec.option_words.append(" ".join(word for word, _ in words[index:after]))
        return after
    else:
        return index
    spec.option_words.append(word)
    return index + 1


def is_option(words: Words, index: int) -> bool:
    """True for an option word at ``index`` (without applying it)."""
    try:
        return _take_option(PollSpec(question="", choices=[]), words, index) != index
    except UserError:
        return True  # a bad ``multiple=…``: refused when it is read


def _deadline_marker(words: Words, index: int) -> tuple[str, int] | None:
    """What follows a deadline marker (« jusqu'à », « fin: », « fin : »…) and the next index."""
    word = _unquoted_at(words, index)
    if word is None:
        return None
    folded = fold(word)
    if match := _DEADLINE.match(folded):
        return (word if len(word) == len(folded) else folded)[match.end() :], index + 1
    if folded in _DEADLINE_WORDS and _unquoted_at(words, index + 1) in _SEPARATORS:
        return "", index + 2
    return None


def _take_deadline(spec: PollSpec, words: Words, start: str, index: int) -> int:
    """The deadline runs until the next option word, quoted text or ``--``."""
    parts = [start]
    while (
        (word := _unquoted_at(words, index)) is not None
        and word != "--"
        and not is_option(words, index)
    ):
        parts.append(word)
        index += 1
    spec.deadline = " ".join(parts).strip().strip(",;").strip()
    if not spec.deadline:
        raise UserError("polls.missing_deadline")
    return index


def _choice_word(word: str) -> str:
    """An unquoted question or choice word; a stray quote mark is refused."""
    if '"' in word:
        raise UserError("polls.unclosed_quote", word=harmless(word[:60]))
    return word.rstrip(",;")


def parse_command(text: str) -> PollSpec:
    """The poll typed on one line; UserError with an example when it cannot be one."""
    words = tokens(text)
    spec = PollSpec(question="", choices=[])
    texts: list[str] = []
    strict = False
    index = 0
    while index < len(words):
        word, quoted = words[index]
        if quoted:
            texts.append(word)
            index += 1
        elif word == "--":
            strict = True
            index += 1
        elif marker := _deadline_marker(words, index):
            index = _take_deadline(spec, words, *marker)
        elif (after := _take_option(spec, words, index)) != index:
            index = after
        else:
            if strict:
                spec.unknown.append(word)
            elif choice := _choice_word(word):
                texts.append(choice)
            index += 1
    if spec.unknown:
        raise UserError("polls.unknown_option", word=harmless(spec.unknown[0][:60]))
    if not texts:
        raise UserError("polls.missing_question")
    spec.question, spec.choices = texts[0], texts[1:]
    try:
        return checked(spec)
    except UserError as error:
        if error.key == "polls.too_few_choices":
            raise _too_few(spec, int(str(error.params["count"]))) from None
        raise


def _too_few(spec: PollSpec, count: int) -> UserError:
    """Too few choices, saying which words were taken as options or as the deadline."""
    if spec.option_words:
        words = ", ".join(f"`{word.replace('`', '')[:40]}`" for word in spec.option_words)
        return UserError("polls.too_few_choices_options", count=count, words=harmless(words))
    if spec.deadline:
        deadline = harmless(spec.deadline[:60])
        return UserError("polls.too_few_choices_deadline", count=count, deadline=deadline)
    if count == 0:
        return UserError("polls.no_choices", question=harmless(clean(spec.question)[:60]))
    return UserError("polls.too_few_choices", count=count)


def parse_option_line(spec: PollSpec, text: str) -> PollSpec:
    """Options typed in the form: « anonyme, multiple=2, rappel »."""
    words: Words = [(word, False) for word in re.split(r"[\s,;]+", clean(text)) if word]
    index = 0
    while index < len(words):
        after = _take_option(spec, words, index)
        if after == index:
            raise UserError("polls.unknown_option", word=harmless(words[index][0][:60]))
        index = after
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


def deadline_of(ctx: Ctx, text: str) -> datetime:
    """A deadline; a day without an hour (« vendredi », « 12 mai », « ce soir ») means its end,
    and a span (« vendredi de 9 h à 17 h ») its end too.

    Adding 23 h 59 is refused as a conflict when the text has its own hour, which is then kept.
    """
    end = span_end(ctx, text)
    if end is not None:
        return end
    try:
        return ctx.parse_when(f"{text} {END_OF_DAY}")
    except UserError as error:
        if error.key == "when.past":  # « hier » is past, even at 23 h 59: quote what was typed
            typed = {
                k: v.replace(f" {END_OF_DAY}", "") if isinstance(v, str) else v
                for k, v in error.params.items()
            }
            raise UserError(error.key, **typed) from None
        return ctx.parse_when(text)  # its own hour (or its error, quoting only what was typed)


def span_end(ctx: Ctx, text: str) -> datetime | None:
    """The end of « vendredi de 9 h à 17 h » (None when ``text`` is no span); an end before
    its start is refused as such."""
    try:
        _, end = ctx.parse_span(text)
    except UserError as error:
        if error.key == "when.span_end_before_start":
            raise
        return None
    return end


def closing_of(ctx: Ctx, spec: PollSpec) -> datetime | None:
    """When the poll closes, if it has a deadline; a reminder needs one."""
    closes_at = deadline_of(ctx, spec.deadline) if spec.deadline else None
    if spec.remind and closes_at is None:
        raise UserError("polls.reminder_needs_deadline")
    return closes_at


def field_error(field: str, error: UserError) -> FormInvalid:
    """The error shown beside a form field, worded for the form rather than the command."""
    return FormInvalid({field: (FORM_ERRORS.get(error.key, error.key), dict(error.params))})


def parse_form(values: dict[str, str]) -> PollSpec:
    """The form: question, one choice per line, options, deadline; errors shown per field."""
    choices = [clean(line) for line in values.get("choices", "").splitlines() if clean(line)]
    spec = PollSpec(question=values.get("question", ""), choices=choices)
    try:
        parse_option_line(spec, values.get("options", ""))
    except UserError as error:
        raise field_error("options", error) from None
    try:
        spec = checked(spec)
    except UserError as error:
        raise field_error("question" if "question" in error.key else "choices", error) from None
    spec.deadline = clean(values.get("deadline", "")) or None
    return spec


def form_closing(ctx: Ctx, spec: PollSpec) -> datetime | None:
    """``closing_of`` for the form: its errors shown beside the deadline."""
    try:
        return closing_of(ctx, spec)
    except UserError as error:
        raise field_error("deadline", error) from None
