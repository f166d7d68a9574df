"""References to people and channels inside neutral text; each adapter renders them.

The core never reads or writes a platform's syntax (Slack's ``<@U…>``, Discord's ``<@123>``).
Adapters turn the mentions people type into references (``person``, ``channel``) before the
core sees the text, and turn references in what the core writes into their own syntax
(``render``): Slack ``<@U…>``/``<#C…>``, Discord ``<@id>``/``<#id>``, the console's names.

A reference is framed by private-use characters no keyboard types; adapters remove those
characters from what people type (``strip_markers``), so a reference is never forged. A label
keeps its spaces as ``SPACE``: a reference is one word for every parser that splits text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

OPEN, LABEL, CLOSE = "\ue000", "\ue001", "\ue002"
SPACE = "\ue003"  # a space inside a label: a reference stays one word for the parsers
PERSON, CHANNEL = "@", "#"
_MARKERS = re.compile("[\ue000-\ue003]")
_ID = re.compile(r"[A-Za-z0-9_.\-]{1,80}")
_REF = re.compile(
    OPEN + r"([@#])([A-Za-z0-9_.\-]{1,80})(?:" + LABEL + "([^\ue000-\ue002]*))?" + CLOSE
)

Render = Callable[[str, str], str]  # (id, label) -> the adapter's text for the reference


def person(user_id: str, label: str = "") -> str:
    """A reference to the person ``user_id`` (``label``: the name the platform showed)."""
    return _ref(PERSON, user_id, label)


def channel(channel_id: str, label: str = "") -> str:
    """A reference to the channel ``channel_id`` of the same workspace."""
    return _ref(CHANNEL, channel_id, label)


def _ref(kind: str, identifier: str, label: str) -> str:
    if not _ID.fullmatch(identifier):
        raise ValueError(f"not a platform id: {identifier!r}")
    label = SPACE.join(strip_markers(label).split())
    shown = LABEL + label if label else ""
    return f"{OPEN}{kind}{identifier}{shown}{CLOSE}"


def person_id(token: str) -> str | None:
    """The user id of ``token`` when it is exactly one person reference, else None."""
    match = _REF.fullmatch(token.strip())
    return match.group(2) if match and match.group(1) == PERSON else None


def label(token: str) -> str:
    """The readable name of a reference (its label, else its id), without @ or #."""
    match = _REF.fullmatch(token.strip())
    if match is None:
        return token
    return (match.group(3) or match.group(2)).replace(SPACE, " ").lstrip("@#")


def person_ids(text: str) -> list[str]:
    """The user ids of the person references in ``text``, in order."""
    return [match.group(2) for match in _REF.finditer(text) if match.group(1) == PERSON]


def persons(text: str, make: Callable[[str, str], str]) -> str:
    """``text`` with each person reference replaced by ``make(id, label)``; channels kept."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1) != PERSON:
            return match.group(0)
        return make(match.group(2), (match.group(3) or "").replace(SPACE, " "))

    return _REF.sub(replace, text)


def render(text: str, *, person: Render, channel: Render) -> str:
    """``text`` with each reference replaced by what the adapter's functions give."""
    if OPEN not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        kind, identifier = match.group(1), match.group(2)
        shown = (match.group(3) or "").replace(SPACE, " ")
        return (person if kind == PERSON else channel)(identifier, shown)

    return _REF.sub(replace, text)


def readable(text: str) -> str:
    """References as plain names (« @Alice », « #general »): mentioning nobody."""
    return render(
        text,
        person=lambda identifier, shown: "@" + (shown or identifier).lstrip("@"),
        channel=lambda identifier, shown: "#" + (shown or identifier).lstrip("#"),
    )


def has_refs(text: str) -> bool:
    """True when ``text`` holds at least one reference."""
    return _REF.search(text) is not None


def strip_markers(text: str) -> str:
    """What a person typed, without the characters that frame references."""
    return _MARKERS.sub("", text)


def convert(text: str, pattern: re.Pattern[str], make: Callable[[re.Match[str]], str]) -> str:
    """For adapters: ``text`` as typed (markers removed), each ``pattern`` match made a
    reference (or plain text) by ``make``."""
    return pattern.sub(make, strip_markers(text))
