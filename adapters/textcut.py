"""Cutting chat text to a platform's limits without breaking what must stay whole.

A platform's text is a run of *atoms*: an entity (``&amp;``), a link (``<https://…|label>``,
``[label](https://…)``), a mention, an emoji written ``:name:``, or one character with the
marks and joiners that belong to it (« é » written e + accent, 👩‍👩‍👧, 👍🏽). Every cut made
here falls between two atoms, so nothing reaches a person as « R&a » + « mp;D », half a
link or half an emoji. Each adapter gives its own atom pattern.

``split`` keeps every character: the pieces, put end to end, are the text again (the
spaces and line breaks at a cut stay at the end of the piece before it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from urllib.parse import urlsplit

# one character with what is attached to it: combining marks, variation selectors, skin
# tones, keycaps, tags, and whatever a zero-width joiner glues on
CLUSTER = (
    r"(?:.[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe00-\ufe0f\U0001f3fb-\U0001f3ff"
    r"\U000e0020-\U000e007f]*(?:\u200d.[\ufe00-\ufe0f\U0001f3fb-\U0001f3ff]*)*)"
)
SHORTCODE = r":[a-z0-9_+\-']{1,100}:"
MARKS = r"[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\u200d]*"


def atom_pattern(*specials: str) -> re.Pattern[str]:
    """The pattern of one atom: the first of ``specials`` that matches (with any mark that
    follows it: a skin tone after a link stays with the link), else one cluster."""
    joined = f"(?:{'|'.join(specials)}){MARKS}" if specials else ""
    return re.compile("|".join(part for part in (joined, CLUSTER) if part), re.S)


def cut_points(text: str, atom: re.Pattern[str]) -> list[int]:
    """Every position where ``text`` may be cut: 0, the end of each atom."""
    return [0, *(match.end() for match in atom.finditer(text))]


def _last_at_most(points: list[int], position: int) -> int:
    return points[bisect_right(points, position) - 1]


def split(text: str, limit: int, atom: re.Pattern[str]) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut between atoms: after a line
    break when one lies in the second half of the room, else after a space, else after the
    last atom that fits. An atom longer than ``limit`` (never made by the adapters) is cut."""
    if len(text) <= limit:
        return [text]
    points = cut_points(text, atom)
    allowed = set(points)
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        low = bisect_right(points, start + limit // 2)
        high = bisect_right(points, end)
        window = points[low:high]
        cut = next((p for p in reversed(window) if text[p - 1] == "\n"), None)
        if cut is None:
            cut = next((p for p in reversed(window) if text[p - 1] == " "), None)
        if cut is None:
            cut = _last_at_most(points, end)
        if cut <= start:  # one atom longer than the room: it has to be cut
            cut = end
        while (
            cut < len(text) and cut - start < limit and text[cut] in " \n" and cut + 1 in allowed
        ):
            cut += 1  # the spaces at a cut end the piece before it (unless a mark sits on one)
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def truncate(text: str, limit: int, atom: re.Pattern[str], ellipsis: str = "…") -> str:
    """``text`` cut to at most ``limit`` characters between two atoms, the cut marked."""
    if len(text) <= limit:
        return text
    room = max(0, limit - len(ellipsis))
    cut = _last_at_most(cut_points(text, atom), room)
    if cut == 0 and room:  # one atom longer than the room
        cut = room
    return text[:cut].rstrip() + ellipsis


# -- links whose label names another address ---------------------------------------------
_NAMED_ADDRESS = re.compile(
    r"(?<![\w.\-])(?:[a-z][a-z0-9+.\-]*://)?"
    r"((?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}|\d{1,3}(?:\.\d{1,3}){3})"
    r"(?![\w\-]|\.[^\W_])",
    re.IGNORECASE,
)


def host_of(url: str) -> str:
    """The host a link leads to, lowercase, without « www. »; "" when there is none."""
    try:
        host = urlsplit(url.replace("&amp;", "&")).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".").removeprefix("www.")


def misleading_label(label: str, url: str) -> bool:
    """True when ``label`` names an address (« moissonlanaudiere.org ») that is not where
    ``url`` leads: such a link would show one site and open another."""
    host = host_of(url)
    for match in _NAMED_ADDRESS.finditer(label):
        named = match.group(1).lower().rstrip(".").removeprefix("www.")
        if not host or not (host == named or host.endswith("." + named)):
            return True
    return False


# -- file names -----------------------------------------------------------------------------
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069/\\:*?\"<>|]+")
FILE_NAME_LIMIT = 100


def safe_file_name(name: str, fallback: str = "fichier") -> str:
    """A file name a platform and a person's computer take as it is: no folder (``/``,
    ``\\``, ``..``), no control or direction character, no leading dot, 100 characters."""
    cleaned = _UNSAFE_IN_NAME.sub("-", name or "").strip(" .-")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    if not cleaned:
        return fallback
    if len(cleaned) > FILE_NAME_LIMIT:
        _stem, dot, extension = cleaned.rpartition(".")
        keep = f".{extension}" if dot and len(extension) <= 10 else ""
        cleaned = cleaned[: FILE_NAME_LIMIT - len(keep)].rstrip(" .-") + keep
    return cleaned
