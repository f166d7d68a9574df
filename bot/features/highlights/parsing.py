"""Reading what people type: #themes, links, list filters and récolte options."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import UserError
from bot.text import fold

MAX_TEXT = 3000
MAX_TAG = 30
MAX_TAGS = 10
MAX_LINK = 1000
MAX_TERRITORY = 120

# « #emploi », « #emploi-jeunes », « #aujourd'hui »; an apostrophe must be followed by a letter
_TAG = re.compile(r"(?<![\w&#/])#([^\W_](?:[\w\-]|['’](?=[^\W_]))*)")
_ELIDED = re.compile(r"(?i)^(?:[cdjlmnst]|qu)['’](?=[^\W_])")  # « #l'emploi » is « #emploi »
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"«»|]+")
USER_MENTION = re.compile(r"<@!?([A-Za-z0-9_.\-]+)(?:\|[^>]*)?>")
_TRAILING = ".,;:!?)]}'’»"


def tag_key(label: str) -> str:
    """The stored form of a theme: folded, no accents, lowercase (``checked_tags``: 30 at most)."""
    return fold(label).replace(" ", "-")


def find_tags(text: str) -> list[tuple[str, str]]:
    """``(key, label)`` of each #theme in ``text``, first spelling kept, numbers ignored.

    All of them, whatever their number and length: ``checked_tags`` says what is too much.
    """
    found: dict[str, str] = {}
    for match in _TAG.finditer(text):
        label = _ELIDED.sub("", match.group(1)).strip("-")
        key = tag_key(label)
        if key and not key.isdigit() and key not in found:
            found[key] = label
    return list(found.items())


_THEME_SEPARATORS = re.compile(r"[,;\n/|()«»\"“”\[\]]+")  # between two themes
_THEME_WORD = re.compile(r"#?\w[\w'’-]*")


def themes_field(text: str) -> list[tuple[str, str]]:
    """The form's « thèmes » field, one theme between commas: « emploi, habitation communautaire ».

    A theme of several words becomes one, joined by hyphens (« #habitation-communautaire »);
    « #emploi #logement » (with #) is read as two themes.
    """
    themes = []
    for piece in _THEME_SEPARATORS.split(text):
        words = _THEME_WORD.findall(piece)  # punctuation around words is dropped
        if any(word.startswith("#") for word in words):
            themes += words
        elif words:
            themes.append("-".join(words))
    return find_tags(" ".join("#" + theme.lstrip("#") for theme in themes))


def merge_tags(*groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: dict[str, str] = {}
    for group in groups:
        for key, label in group:
            merged.setdefault(key, label)
    return list(merged.items())


def checked_tags(tags: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``tags`` if there are at most 10 of at most 30 characters, else a UserError saying so."""
    if len(tags) > MAX_TAGS:
        raise UserError("highlights.too_many_themes", count=len(tags), limit=MAX_TAGS)
    for key, label in tags:
        if len(key) > MAX_TAG:
            raise UserError("highlights.theme_too_long", theme=label, limit=MAX_TAG)
    return tags


def find_link(text: str) -> str | None:
    """The first web address in ``text`` (``www.…`` gets ``https://``), trailing punctuation cut."""
    match = _URL.search(text)
    return normalise_link(match.group(0)) if match else None


def normalise_link(url: str) -> str | None:
    url = url.strip().rstrip(_TRAILING)
    if url.lower().startswith("www."):
        url = "https://" + url
    if not re.fullmatch(r"(?i)https?://[^\s/.]+\.\S+", url) or len(url) > MAX_LINK:
        return None
    return url


def bad_link_key(url: str) -> str:
    """Why ``url`` is refused: a web address with a space in it, or no address at all."""
    spaced = re.match(r"(?i)(?:https?://|www\.)\S+\s", url.strip())
    return "highlights.link_with_space" if spaced else "highlights.bad_link"


@dataclass
class ListFilters:
    """What ``/faitsaillant liste`` was asked for; ``since_text`` still to be parsed."""

    since_text: str = ""
    tag: str | None = None
    author: str | None = None
    extra: str = ""  # a second theme or person: refused with an explanation


def read_list_filters(text: str) -> ListFilters:
    """``depuis DATE``, ``#thème`` and ``@personne`` in any order."""
    filters = ListFilters()
    tags = find_tags(text)
    if tags:
        filters.tag = tags[0][0]
        if len(tags) > 1:
            filters.extra = "#" + tags[1][1]
    people = USER_MENTION.findall(text)
    if people:
        filters.author = people[0]
        if len(people) > 1:
            filters.extra = filters.extra or "@" + people[1]
    rest = USER_MENTION.sub(" ", _TAG.sub(" ", text))
    filters.since_text = " ".join(rest.split())
    return filters


@dataclass
class HarvestOptions:
    since_text: str = ""
    by_useful: bool = False


_SORT = re.compile(r"(?i)\b(?:tri(?:er)?|par|sort(?:ed)?(?:\s+by)?|by)\s+(?:utile|utiles|useful)\b")


def read_harvest_options(text: str) -> HarvestOptions:
    """``[depuis DATE] [tri utile]``."""
    by_useful = bool(_SORT.search(text))
    rest = " ".join(_SORT.sub(" ", text).split())
    return HarvestOptions(since_text=rest, by_useful=by_useful)
