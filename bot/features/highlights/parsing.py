"""Reading what people type: #themes, links, forms, list filters and récolte options."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from bot import refs
from bot.errors import FormInvalid, NotFound, UserError
from bot.text import fold
from bot.validation import checked_form, checked_text

MAX_TEXT = 3000
MAX_TAG = 30
MAX_TAGS = 10
MAX_LINK = 1000
MAX_TERRITORY = 120
MAX_THEMES_FIELD = 300
MAX_AUTHOR_ID = 30  # of a list filter carried by the page buttons
FORM_LIMITS = {
    "texte": MAX_TEXT,
    "themes": MAX_THEMES_FIELD,
    "lien": MAX_LINK,
    "territoire": MAX_TERRITORY,
}

# « #emploi », « #emploi-jeunes », « #aujourd'hui »; an apostrophe must be followed by a letter
_TAG = re.compile(rf"(?<![\w&#/{refs.OPEN}])#([^\W_](?:[\w\-]|['’](?=[^\W_]))*)")
_ELIDED = re.compile(r"(?i)^(?:[cdjlmnst]|qu)['’](?=[^\W_])")  # « #l'emploi » is « #emploi »
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"«»|]+")
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


def read_id(value: str) -> int:
    """A highlight id from an (untrusted) button value or form state."""
    text = (value or "").strip()
    if not text.isdecimal() or len(text) > 12:
        raise NotFound("highlights.not_found")
    return int(text)


# -- mentions --------------------------------------------------------------------------------
def mentioned_ids(text: str) -> list[str]:
    """The user ids of the people mentioned in ``text`` (``bot.refs`` references)."""
    return refs.person_ids(text)


def name_mentions(text: str, names: dict[str, str]) -> str:
    """A mention becomes « @Alice »: the person's name, readable, notifying no one.

    ``names`` maps each mentioned id to its name (the id itself when the person is unknown,
    then the name the platform showed is kept).
    """

    def name(user_id: str, label: str) -> str:
        known = names[user_id]
        return "@" + ((label or user_id) if known == user_id else known)

    return refs.persons(text, name)


# -- what a highlight is made of -------------------------------------------------------------
@dataclass
class Draft:
    """A highlight as written, checked, not stored yet."""

    text: str
    tags: list[tuple[str, str]]
    link: str | None
    territory: str | None = None


def read_text(text: str) -> Draft:
    """``/faitsaillant TEXTE``: the text checked, its #themes and its first link."""
    text = checked_text(text, limit=MAX_TEXT, empty_key="highlights.empty")
    return Draft(text, checked_tags(find_tags(text)), find_link(text))


def read_form(values: dict[str, str]) -> Draft:
    """Text, themes, link and territory of a submitted form; FormInvalid on a bad field."""
    cleaned = checked_form(values, FORM_LIMITS, required={"texte"})
    link = None
    if cleaned["lien"]:
        link = normalise_link(cleaned["lien"])
        if link is None:
            raise FormInvalid({"lien": (bad_link_key(cleaned["lien"]), {})})
    text = cleaned["texte"]
    try:
        tags = checked_tags(merge_tags(find_tags(text), themes_field(cleaned["themes"])))
    except UserError as error:
        raise FormInvalid({"themes": (error.key, error.params)}) from None
    return Draft(text, tags, link or find_link(text), cleaned["territoire"] or None)


# -- /faitsaillant liste ---------------------------------------------------------------------
SINCE_WORDS = ("depuis", "since")  # how a date filter begins


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
    people = refs.person_ids(text)
    if people:
        filters.author = people[0]
        if len(people) > 1:
            filters.extra = filters.extra or "@" + people[1]
    rest = refs.persons(_TAG.sub(" ", text), lambda _id, _label: " ")
    filters.since_text = " ".join(rest.split())
    return filters


def checked_list_filters(text: str) -> ListFilters:
    """``read_list_filters``, refusing a second theme or person and words other than a date."""
    filters = read_list_filters(text)
    if filters.extra:
        raise UserError("highlights.one_filter_each", extra=filters.extra)
    words = filters.since_text.split()
    if words and not words[0].lower().startswith(SINCE_WORDS):
        raise UserError("highlights.list_unknown_words", words=filters.since_text[:60])
    return filters


def pager_state(since: datetime | None, tag: str | None, author: str | None) -> str:
    """The filters carried by the page buttons: ``since epoch|tag|author``."""
    stamp = str(int(since.timestamp())) if since else ""
    return f"{stamp}|{(tag or '')[:MAX_TAG]}|{(author or '')[:MAX_AUTHOR_ID]}"


def read_pager_state(state: str) -> tuple[datetime | None, str | None, str | None]:
    """The filters back from an (untrusted) button value; nonsense means no filter."""
    stamp, _, rest = state.partition("|")
    tag, _, author = rest.partition("|")
    since = None
    if stamp.isdecimal() and len(stamp) <= 11:
        since = datetime.fromtimestamp(int(stamp), UTC)
    return since, tag[:MAX_TAG] or None, author[:MAX_AUTHOR_ID] or None


# -- /faitsaillant recolte -------------------------------------------------------------------
AUTO_WORDS = {"auto", "automatique"}
STOP_WORDS = {"arret", "stop", "off", "fin", "aucun", "none"}


def automatic_request(text: str) -> str | None:
    """What follows « auto » in ``recolte auto …`` (maybe nothing), None for a récolte now."""
    first, _, rest = text.strip().partition(" ")
    return rest.strip() if fold(first) in AUTO_WORDS else None


def is_stop(text: str) -> bool:
    """« auto arret », « auto stop »: no more automatic récolte here."""
    return fold(text) in STOP_WORDS


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


def checked_harvest_options(text: str) -> HarvestOptions:
    """``read_harvest_options``, refusing words other than a date and the sort."""
    options = read_harvest_options(text)
    words = options.since_text.split()
    if words and fold(words[0]) not in SINCE_WORDS:
        raise UserError("highlights.harvest_unknown_words", words=options.since_text[:60])
    return options
