"""Reading what people type: #themes, links, list filters and récolte options."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import fold

MAX_TEXT = 3000
MAX_TAG = 30
MAX_TAGS = 10
MAX_LINK = 1000
MAX_TERRITORY = 120

_TAG = re.compile(r"(?<![\w&#/])#([^\W_][\w\-]*)")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"«»|]+")
_MENTION = re.compile(r"<@!?([A-Za-z0-9_.\-]+)(?:\|[^>]*)?>")
_TRAILING = ".,;:!?)]}'’»"


def tag_key(label: str) -> str:
    """The stored form of a theme: folded, no accents, lowercase, at most 30 characters."""
    return fold(label).replace(" ", "-")[:MAX_TAG]


def find_tags(text: str) -> list[tuple[str, str]]:
    """``(key, label)`` of each #theme in ``text``, first spelling kept, numbers ignored."""
    found: dict[str, str] = {}
    for match in _TAG.finditer(text):
        label = match.group(1).strip("-")[:MAX_TAG]
        key = tag_key(label)
        if key and not key.isdigit() and key not in found:
            found[key] = label
    return list(found.items())[:MAX_TAGS]


def themes_field(text: str) -> list[tuple[str, str]]:
    """The form's « thèmes » field: « emploi, logement » or « #emploi #logement »."""
    words = [w.strip().lstrip("#") for w in re.split(r"[,;\s]+", text) if w.strip().lstrip("#")]
    return find_tags(" ".join("#" + w for w in words))


def merge_tags(*groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: dict[str, str] = {}
    for group in groups:
        for key, label in group:
            merged.setdefault(key, label)
    return list(merged.items())[:MAX_TAGS]


def find_link(text: str) -> str | None:
    """The first web address in ``text`` (``www.…`` gets ``https://``), trailing punctuation cut."""
    match = _URL.search(text)
    return normalise_link(match.group(0)) if match else None


def normalise_link(url: str) -> str | None:
    url = url.strip().rstrip(_TRAILING)
    if url.lower().startswith("www."):
        url = "https://" + url
    if not re.match(r"(?i)^https?://[^\s/.]+\.[^\s]+", url) or len(url) > MAX_LINK:
        return None
    return url


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
    people = _MENTION.findall(text)
    if people:
        filters.author = people[0]
        if len(people) > 1:
            filters.extra = filters.extra or "@" + people[1]
    rest = _MENTION.sub(" ", _TAG.sub(" ", text))
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
