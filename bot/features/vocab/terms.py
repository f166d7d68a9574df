"""Term keys (case, accents, elision, plural ignored), statuses, stances, and what people type."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.errors import UserError
from bot.features.vocab.lookalike import skeleton
from bot.text import clean, fold, harmless
from bot.validation import checked_text
from storage.models.vocab import VocabVote

MAX_TERM = 80
MAX_DEFINITION = 1500
MAX_EXAMPLE = 500
MAX_SOURCE = 300
MAX_REASON = 500

OPEN = "proposee"
ADOPTED = "adoptee"
REPLACED = "remplacee"
RETIRED = "retiree"
LIVE = (OPEN, ADOPTED)  # statuses people may still endorse or object to

ENDORSE = "appui"
OBJECT = "objection"
DISCUSS = "discussion"

_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'")
_NOT_WORD = re.compile(r"[^\w]+")
# « [^()]* » stops at the next parenthesis, so each « ( » is read once: linear on any text
_ENGLISH = re.compile(
    r"\(\s*(?:en|ang|anglais|english|[ée]quivalent\s+anglais|english\s+equivalent|in\s+english)"
    r"\s*[:=]\s*([^()]*)\)",
    re.IGNORECASE,
)
# « (fr: concertation) » after an English term: the French term, the typed one its English
_FRENCH = re.compile(
    r"\(\s*(?:fr|fran[çc]ais|french|[ée]quivalent\s+fran[çc]ais|french\s+equivalent|in\s+french)"
    r"\s*[:=]\s*([^()]*)\)",
    re.IGNORECASE,
)
_LEADING_ARTICLE = re.compile(r"^l['’]\s*(?=\w)", re.IGNORECASE)  # « l'intersectorialité »
# « | exemple : … » and « | source : … » after the definition; another « | » stays in the text
_TRAILING_BARS = re.compile(r"[\s|]+$")  # « déf | » : an empty last field is left out
_EXTRA = re.compile(r"\|\s*(?=(?:exemple|example|source)\s*:)", re.IGNORECASE)


def fold_word(word: str) -> str:
    """Simple French/English plural folding: « sociaux » → « social », « partenariats »."""
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith("ss"):
        return word[:-1]
    return word


def term_key(text: str) -> str:
    """The matching key of a term: « L'Intersectorialité » and « intersectorialites » agree,
    and so do look-alike spellings (« pаrtenariat » with a Cyrillic « а », an invisible
    character inside)."""
    folded = _ELISION.sub("", fold(skeleton(text)))
    words = _NOT_WORD.sub(" ", folded).replace("_", " ").split()
    return " ".join(fold_word(word) for word in words)[:MAX_TERM]


@dataclass(frozen=True)
class Draft:
    """A proposal as typed, checked and made harmless, ready to store."""

    term: str
    definition: str
    english: str | None = None
    example: str | None = None
    source: str | None = None


def checked_term(text: str) -> str:
    """A term: not empty, at most 80 characters, no mass mention; mentions made harmless."""
    term = _LEADING_ARTICLE.sub("", " ".join(clean(text).split()))
    if not term_key(term):
        raise UserError("vocab.empty_term")
    return checked_text(
        term, limit=MAX_TERM, empty_key="vocab.empty_term", too_long_key="vocab.term_too_long"
    )


def checked_definition(text: str) -> str:
    return checked_text(
        text,
        limit=MAX_DEFINITION,
        empty_key="vocab.empty_definition",
        too_long_key="vocab.definition_too_long",
    )


def parse_proposal(text: str) -> Draft:
    """``TERME (en: ENGLISH) : DÉFINITION [| exemple : …] [| source : …]`` after /vocab proposer."""
    head, english = split_english_head(text)
    head, french = split_english_head(head, _FRENCH)
    term_text, separator, rest = head.partition(":")
    if not separator:
        raise UserError("vocab.missing_separator")
    if term_text.count("(") != term_text.count(")"):
        raise UserError("vocab.unbalanced_parenthesis", term=harmless(" ".join(term_text.split())))
    term = checked_term(term_text)
    if french and not english:  # an English term with its French equivalent
        term, english = checked_term(french), term
    definition, *extras = _EXTRA.split(_TRAILING_BARS.sub("", rest))
    found: dict[str, str] = {}
    for extra in extras:
        label, _, value = extra.partition(":")
        name = "source" if fold(label).strip() == "source" else "exemple"
        if name in found:
            raise UserError("vocab.repeated_field", field=harmless(label.strip()))
        found[name] = checked_extra(value, name)
    return Draft(
        term=term,
        definition=checked_definition(definition),
        english=checked_term(english) if english else None,
        example=found.get("exemple"),
        source=found.get("source"),
    )


def checked_extra(text: str, name: str) -> str:
    """An example or a source given after « | »: not empty, within its limit."""
    return checked_text(
        text,
        limit=MAX_SOURCE if name == "source" else MAX_EXAMPLE,
        empty_key=f"vocab.empty_{name}",
        too_long_key=f"vocab.{name}_too_long",
    )


def split_english_head(text: str, pattern: re.Pattern[str] = _ENGLISH) -> tuple[str, str | None]:
    """Take the « (en: …) » (or ``pattern``'s parenthesis) out of the part before the first
    « : » that is not inside it."""
    match = pattern.search(text)
    if match is None:
        return text, None
    before_colon = text.find(":")
    if before_colon != -1 and before_colon < match.start():
        return text, None  # the parenthesis belongs to the definition
    return text[: match.start()] + text[match.end() :], match.group(1).strip() or None


def truncate_words(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to about ``limit`` characters."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + "…"


def proposal_id(value: str) -> int:
    """The proposal number in an untrusted button value or typed « #12 »."""
    text = value.strip().lstrip("#")
    if not text.isdecimal() or len(text) > 9:
        raise UserError("vocab.bad_reference")
    return int(text)


def counted(votes: Iterable[VocabVote]) -> Counter[str]:
    """Votes by kind."""
    return Counter(vote.kind for vote in votes)
