"""The neutral message model: what features return and adapters render.

Designed so Block Kit (Slack), embeds and components (Discord) and the console can all
render it. Platform limits are the adapters' business: they split or truncate, never crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Style(StrEnum):
    """Button styles common to Slack and Discord."""

    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Header:
    text: str


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    """A paragraph of text (light markdown: *bold*, _italic_, links) with optional fields."""

    text: str = ""
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Context:
    """Small print under a block: authors, dates, hints."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Button:
    """``action_id`` routes to a feature's action; ``value`` is untrusted data for it."""

    label: str
    action_id: str
    value: str = ""
    style: Style = Style.DEFAULT


@dataclass(frozen=True)
class Option:
    label: str
    value: str


@dataclass(frozen=True)
class Select:
    action_id: str
    placeholder: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Actions:
    """A row of buttons and select menus."""

    elements: tuple[Button | Select, ...]


@dataclass(frozen=True)
class Image:
    """A PNG picture (charts)."""

    png: bytes
    alt: str
    name: str = "image.png"


Block = Header | Section | Context | Divider | Actions | Image


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (Markdown, CSV, .ics…)."""

    name: str
    data: bytes
    mime_type: str


@dataclass
class Message:
    """A message to post. ``key`` names it so it can later be updated in place."""

    blocks: list[Block]
    text: str = ""  # short plain summary: notifications, screen readers, fallbacks
    ephemeral: bool = False  # only the person who acted sees it
    key: str | None = None
    files: list[Attachment] = field(default_factory=list)
    channel: str | None = None  # post elsewhere than the invocation's channel
    to: str | None = None  # a private message to this person (user id), sent once via the outbox

    def buttons(self) -> list[Button]:
        """Every button of the message, in order."""
        return [
            element
            for block in self.blocks
            if isinstance(block, Actions)
            for element in block.elements
            if isinstance(element, Button)
        ]


@dataclass
class Update:
    """Replace the message posted earlier under ``key`` (e.g. new vote counts)."""

    key: str
    message: Message


@dataclass(frozen=True)
class TextInput:
    field_id: str
    label: str
    multiline: bool = False
    required: bool = True
    max_length: int = 3000
    initial: str = ""
    placeholder: str = ""


@dataclass
class Form:
    """A modal form; ``form_id`` routes the submission, ``state`` travels with it."""

    form_id: str
    title: str
    inputs: list[TextInput]
    submit_label: str
    state: str = ""


@dataclass
class Mail:
    """An e-mail a job sends through the outbox (never to the chat): plain text, and an
    iCalendar invitation (``calendar``, with its iTIP ``method``) when it has one.

    ``contact`` is the directory entry it goes to (its refusals are recorded there);
    ``unsubscribe`` adds the one-click List-Unsubscribe headers."""

    to: str
    subject: str
    body: str
    contact: int | None = None
    unsubscribe: str | None = None
    calendar: bytes | None = None
    method: str | None = None  # REQUEST, CANCEL


Output = Message | Update | Form | Mail
Reply = Output | list[Output] | None


def as_outputs(reply: Reply) -> list[Output]:
    """A handler's reply as a list of outputs."""
    if reply is None:
        return []
    return list(reply) if isinstance(reply, list) else [reply]


def text_message(text: str, *, ephemeral: bool = True) -> Message:
    """A message of one section, private by default (confirmations, errors)."""
    return Message(blocks=[Section(text)], text=text, ephemeral=ephemeral)


def plain_text(message: Message) -> str:
    """The message as plain text, for logs, tests and text-only surfaces."""
    parts: list[str] = []
    for block in message.blocks:
        if isinstance(block, Header):
            parts.append(block.text)
        elif isinstance(block, Section):
            if block.text:
                parts.append(block.text)
            parts.extend(f"{f.label}: {f.value}" for f in block.fields)
        elif isinstance(block, Context):
            parts.extend(block.lines)
        elif isinstance(block, Actions):
            parts.extend(
                e.label if isinstance(e, Button) else e.placeholder for e in block.elements
            )
        elif isinstance(block, Image):
            parts.append(f"[{block.alt}]")
    return "\n".join(parts)


# -- long outputs ----------------------------------------------------------------------------
MESSAGE_CHARS = 3_000  # a neutral message: what one Slack section or half a Discord message holds
MESSAGE_BLOCKS = 25  # and about half the blocks a Slack message takes
MAX_MESSAGES = 3  # beyond this many, the full text goes in a file with a summary


def messages_needed(message: Message) -> int:
    """How many chat messages ``message`` would take, measured the same on every platform
    (each adapter cuts by its own limits: this is the core's neutral estimate)."""
    chars = len(plain_text(message))
    return max(1, -(-chars // MESSAGE_CHARS), -(-len(message.blocks) // MESSAGE_BLOCKS))


def too_long(message: Message) -> bool:
    """More than ``MAX_MESSAGES`` messages: post a summary and attach the full text."""
    return messages_needed(message) > MAX_MESSAGES
