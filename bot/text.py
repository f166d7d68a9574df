"""Text helpers for user input: folding for comparisons, harmless mentions, quoting."""

from __future__ import annotations

import re
import shlex
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from bot import refs

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# « @here » alone, or before punctuation; not « info@here.ca » (an address) nor « @heres »
_MASS_MENTION = re.compile(
    r"(?<![\w.+\-])@(everyone|here|channel|tout le monde)(?![\w@]|[.\-][^\W_])", re.IGNORECASE
)
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


def fold(text: str) -> str:
    """Lowercase without accents, single spaces: for matching, never for display."""
    if text.isascii():  # nothing to decompose (most names): the same result, far cheaper
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("’", "'").split())


def clean(text: str) -> str:
    """Strip control and direction characters and outer spaces, keep line breaks."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def has_mass_mention(text: str) -> bool:
    """True for @everyone, @here, @channel and the like (adapters turn a platform's
    broadcasts into these words)."""
    return bool(_MASS_MENTION.search(text))


def harmless(text: str) -> str:
    """Make mentions inert: references become plain names (« @Alice », « #general ») and
    no @everyone survives to a platform."""
    return _MASS_MENTION.sub(lambda m: "@\u200b" + m.group(1), refs.readable(text))


def plural_key(key: str, count: int, language: str) -> str:
    """The catalogue key for ``count`` things: ``key_one`` (1; also 0 in French) or ``key_many``."""
    one = count == 1 or (count == 0 and language == "fr")
    return f"{key}_{'one' if one else 'many'}"


def elided_key(key: str, word: str) -> str:
    """``key_elided`` before a word starting with a vowel (« d'Eve »), else ``key``."""
    return f"{key}_elided" if fold(word)[:1] in set("aeiouy") else key


_MARKUP = re.compile(r"[*_~`]")
# An address ends at the first character that Markdown could read as markup (« [ » starts a
# masked link, « ![ » an image, « < » HTML or an autolink, « \\ » an escape): what follows is
# escaped like any other text, so an address never carries a link or an image with it.
_WEB_ADDRESS = re.compile(r"((?:https?://|www\.)[^\s<>\[\]\\`|]+)", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>#|&])")
# Block markers at the start of a line: a setext underline (« === », « --- »), a list item
# (« - », « + », « 1. », « 1) »), a quote (« > », already escaped above).
_LINE_MARKER = re.compile(r"(?m)^([ \t]*)([=+\-])")
_LINE_NUMBER = re.compile(r"(?m)^([ \t]*\d{1,9})([.)])")
# anything the escaping below would change (most texts have none: they are returned as is)
_ESCAPED_AT_ALL = re.compile(r"[\\`*_~\[\]<>#|&\r]|(?m:^[ \t]*(?:[=+\-]|\d{1,9}[.)]))")


def strong(text: str) -> str:
    """``*text*`` unless ``text`` already carries markup."""
    return text if _MARKUP.search(text) else f"*{text}*"


def markdown_escape(text: str) -> str:
    """User text for a Markdown file: read as characters, never as markup.

    Inline markup (* _ ` ~ [ ] < > # | & and backslashes) is escaped everywhere but inside a
    web address, which ends before any character that could open a link, an image or HTML,
    so it stays a plain link; a line that would start a heading underline, a list or a
    quote starts with an escaped character.
    """
    if not _ESCAPED_AT_ALL.search(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces = _WEB_ADDRESS.split(text)
    for index in range(0, len(pieces), 2):  # even pieces are outside addresses
        pieces[index] = _MARKDOWN_SPECIAL.sub(r"\\\1", pieces[index])
    text = _LINE_MARKER.sub(r"\1\\\2", "".join(pieces))
    return _LINE_NUMBER.sub(r"\1\\\2", text)


def split_args(text: str) -> list[str]:
    """Split on spaces, honouring "…", « … » and “…” quotes; unbalanced quotes are kept."""
    normalised = text.translate(_QUOTES)
    try:
        lexer = shlex.shlex(normalised, posix=True)
        lexer.whitespace_split = True
        lexer.quotes = '"'
        lexer.escape = ""
        lexer.commenters = ""  # « #emploi », « #12 » are words, not comments
        return [word.strip() for word in lexer if word.strip()]
    except ValueError:
        return normalised.split()


def user_ref(token: str) -> str | None:
    """The user id when ``token`` is one person reference (``bot.refs.person``), else None."""
    return refs.person_id(token)


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut."""
    return text if len(text) <= limit else text[: max(0, limit - len(ellipsis))] + ellipsis


def round_half_up(value: float, places: int = 1) -> float:
    """``value`` rounded as people do: 4.25 → 4.3, 3.35 → 3.4 (not the float's 4.2, 3.3)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def decimal_text(value: float, language: str, places: int = 1) -> str:
    """« 4,3 » in French, "4.3" in English, rounded half up."""
    text = f"{round_half_up(value, places):.{places}f}"
    return text.replace(".", ",") if language == "fr" else text
