"""The neutral message model as Block Kit, within Slack's limits: split, never fail.

Limits (Slack, 2025): 50 blocks a message, 100 a modal, 3,000 characters a section text,
10 fields of 2,000, 150 a header, 75 a button label, 2,000 a button value, 255 an action_id,
24 a modal title, 100 options of a select (label 75, value 150), 25 elements an actions block.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from adapters.slack.mentions import render_refs
from adapters.textcut import SHORTCODE, atom_pattern, misleading_label
from adapters.textcut import split as split_atoms
from adapters.textcut import truncate as truncate_atoms
from bot import refs
from bot.messages import (
    Actions,
    Attachment,
    Block,
    Button,
    Context,
    Divider,
    Form,
    Header,
    Image,
    Message,
    Section,
    Select,
    Style,
    plain_text,
)

MESSAGE_BLOCKS = 50
MODAL_BLOCKS = 100
SECTION_TEXT = 3000
FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_LABEL = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
ACTION_ELEMENTS = 25
SELECT_OPTIONS = 100
OPTION_LABEL = 75
OPTION_VALUE = 150
CONTEXT_ELEMENTS = 10
MODAL_TITLE = 24
MODAL_BUTTON = 24
INPUT_LABEL = 2000
PLACEHOLDER = 150
INPUT_MAX_LENGTH = 3000
FALLBACK_TEXT = 3000
PRIVATE_METADATA = 3000
INDEX_MARK = "#"
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((https?://[^\s)<>]{1,1500})\)")
_CHANNEL_LINK = re.compile(r"&lt;#([CG][A-Z0-9]{2,20})&gt;")  # <#C0123>, as the core writes it
# what a cut never splits: an entity, a link (<https://…|label>, <#C0123>), an emoji :name:
ATOM = atom_pattern(r"&(?:amp|lt|gt);", r"<[^<>\n]*>", SHORTCODE)

# A value too long for Slack is kept aside and replaced by a token: (value) -> token.
Stash = Callable[[str], str]


def escape(text: str) -> str:
    """Slack mrkdwn escaping: &, < and > become entities, so nothing the text holds can ping
    anyone or form a link; Markdown links ``[texte](https://…)`` become Slack links."""
    escaped = text  # (each change is only tried on a text that could need it)
    if "&" in escaped:
        escaped = escaped.replace("&", "&amp;")
    if "<" in escaped:
        escaped = escaped.replace("<", "&lt;")
    if ">" in escaped:
        escaped = escaped.replace(">", "&gt;")
    if "&lt;#" in escaped:
        escaped = _CHANNEL_LINK.sub(r"<#\1>", escaped)  # a channel link notifies nobody
    if "](" in escaped:
        escaped = _MARKDOWN_LINK.sub(_link, escaped)
    return render_refs(escaped)


def _link(match: re.Match[str]) -> str:
    """``[label](url)`` as a Slack link; when the label names another address than the one
    the link opens, or holds a link of its own (a channel), the label stays text and the
    real address is shown after it."""
    label, url = match.group(1), match.group(2)
    if misleading_label(label, url) or "<" in label:
        return f"{label} (<{url}>)"
    return f"<{url}|{label}>"


def split_text(text: str, limit: int) -> list[str]:
    """Cut escaped ``text`` into pieces of at most ``limit`` characters, after a line break
    or a space when there is one, and never inside an entity, a link or an emoji: the
    pieces put end to end are ``text`` again."""
    return split_atoms(text, limit, ATOM)


def truncate(text: str, limit: int) -> str:
    """Escaped (or plain) ``text`` cut to ``limit`` characters, never inside an entity, a
    link or an emoji; the cut is marked with « … »."""
    return truncate_atoms(text, limit, ATOM)


def _mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def _plain(text: str, limit: int) -> dict[str, Any]:
    shown = refs.readable(text)  # plain text shows no mention: the names
    return {"type": "plain_text", "text": truncate(shown, limit) or " ", "emoji": True}


def encode_action_id(action_id: str, index: int) -> str:
    """Slack wants action ids unique within a message: ``vocab.endorse#3``."""
    return f"{action_id[: ACTION_ID - 8]}{INDEX_MARK}{index}"


def decode_action_id(slack_action_id: str) -> str:
    """The core's action id from a Slack one (``vocab.endorse#3`` → ``vocab.endorse``)."""
    base, mark, index = slack_action_id.rpartition(INDEX_MARK)
    return base if mark and index.isdigit() else slack_action_id


@dataclass
class Rendered:
    """One Slack message (blocks + notification text), ready for chat.postMessage."""

    blocks: list[dict[str, Any]]
    text: str

    def payload(self) -> dict[str, Any]:
        return {"blocks": self.blocks, "text": self.text}


@dataclass
class RenderedMessage:
    """A neutral message as one or more Slack messages, plus the files to upload."""

    parts: list[Rendered]
    files: list[Attachment] = field(default_factory=list)


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


def _section_blocks(block: Section) -> Iterator[dict[str, Any]]:
    if block.text:
        for piece in split_text(escape(block.text), SECTION_TEXT):
            if piece.strip():  # Slack refuses a section of spaces alone
                yield {"type": "section", "text": _mrkdwn(piece)}
    fields = [
        _mrkdwn(truncate(f"*{escape(f.label)}*\n{escape(f.value)}", FIELD_TEXT))
        for f in block.fields
    ]
    for start in range(0, len(fields), FIELDS):
        yield {"type": "section", "fields": fields[start : start + FIELDS]}


def _context_blocks(block: Context) -> Iterator[dict[str, Any]]:
    elements = [
        _mrkdwn(piece)
        for line in block.lines
        if line
        for piece in split_text(escape(line), SECTION_TEXT)
        if piece.strip()
    ]
    for start in range(0, len(elements), CONTEXT_ELEMENTS):
        yield {"type": "context", "elements": elements[start : start + CONTEXT_ELEMENTS]}


def _value(value: str, limit: int, stash: Stash | None) -> str:
    if len(value) <= limit:
        return value
    if stash is None:
        raise ValueError("value too long for Slack and nowhere to keep it")
    return stash(value)


def _button(button: Button, counter: _Counter, stash: Stash | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": _plain(button.label, BUTTON_LABEL),
        "action_id": encode_action_id(button.action_id, counter.next()),
        "value": _value(button.value, BUTTON_VALUE, stash),
    }
    if button.style is not Style.DEFAULT:
        element["style"] = button.style.value
    return element


def _select(select: Select, counter: _Counter, stash: Stash | None) -> dict[str, Any]:
    options = [
        {
            "text": _plain(option.label, OPTION_LABEL),
            "value": _value(option.value, OPTION_VALUE, stash),
        }
        for option in select.options[:SELECT_OPTIONS]
    ]
    return {
        "type": "static_select",
        "action_id": encode_action_id(select.action_id, counter.next()),
        "placeholder": _plain(select.placeholder, PLACEHOLDER),
        "options": options or [{"text": _plain("—", OPTION_LABEL), "value": "-"}],
    }


def _actions_blocks(
    block: Actions, counter: _Counter, stash: Stash | None
) -> Iterator[dict[str, Any]]:
    elements = [
        _button(e, counter, stash) if isinstance(e, Button) else _select(e, counter, stash)
        for e in block.elements
    ]
    for start in range(0, len(elements), ACTION_ELEMENTS):
        yield {"type": "actions", "elements": elements[start : start + ACTION_ELEMENTS]}


def render_blocks(blocks: list[Block], stash: Stash | None = None) -> list[dict[str, Any]]:
    """Every neutral block as Block Kit blocks (images are uploaded as files, not here)."""
    counter = _Counter()
    out: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Header):
            out.append({"type": "header", "text": _plain(block.text, HEADER_TEXT)})
        elif isinstance(block, Section):
            out.extend(_section_blocks(block))
        elif isinstance(block, Context):
            out.extend(_context_blocks(block))
        elif isinstance(block, Divider):
            out.append({"type": "divider"})
        elif isinstance(block, Actions):
            out.extend(_actions_blocks(block, counter, stash))
    return out


def _block_text(block: dict[str, Any]) -> str:
    if block["type"] in {"section", "header"} and "text" in block:
        return str(block["text"]["text"])
    if block["type"] == "section":
        return "\n".join(str(f["text"]) for f in block["fields"])
    if block["type"] == "context":
        return "\n".join(str(e["text"]) for e in block["elements"])
    return ""


def render_message(message: Message, stash: Stash | None = None) -> RenderedMessage:
    """The message as Slack messages of at most 50 blocks each, and its files and images."""
    blocks = render_blocks(message.blocks, stash)
    summary = truncate(escape(message.text or plain_text(message)), FALLBACK_TEXT)
    parts: list[Rendered] = []
    for start in range(0, len(blocks), MESSAGE_BLOCKS):
        chunk = blocks[start : start + MESSAGE_BLOCKS]
        text = summary if start == 0 else "\n".join(filter(None, map(_block_text, chunk)))
        parts.append(Rendered(chunk, truncate(text, FALLBACK_TEXT) or summary or " "))
    files = [Attachment(i.name, i.png, "image/png") for i in message.blocks if isinstance(i, Image)]
    files.extend(message.files)
    if not parts and summary and not files:
        parts.append(Rendered([], summary))
    return RenderedMessage(parts, files)


def render_single(message: Message, stash: Stash | None = None, more: str = "…") -> Rendered:
    """The message as exactly one Slack message (for chat.update): cut at 50 blocks."""
    rendered = render_message(message, stash)
    if not rendered.parts:
        return Rendered([], " ")
    first = rendered.parts[0]
    if len(rendered.parts) > 1:
        first.blocks[-1:] = [{"type": "context", "elements": [_mrkdwn(more)]}]
    return first


def render_modal(form: Form, private_metadata: str) -> dict[str, Any]:
    """A form as a modal view: one input block per field (block_id = field_id)."""
    blocks = []
    for text_input in form.inputs[:MODAL_BLOCKS]:
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": "value",
            "multiline": text_input.multiline,
            "max_length": max(1, min(text_input.max_length, INPUT_MAX_LENGTH)),
        }
        if text_input.initial:
            initial = render_refs(text_input.initial)  # Slack's mentions: read back as typed
            element["initial_value"] = initial[:INPUT_MAX_LENGTH]
        if text_input.placeholder:
            element["placeholder"] = _plain(text_input.placeholder, PLACEHOLDER)
        blocks.append(
            {
                "type": "input",
                "block_id": text_input.field_id[:255],
                "optional": not text_input.required,
                "label": _plain(text_input.label, INPUT_LABEL),
                "element": element,
            }
        )
    return {
        "type": "modal",
        "callback_id": form.form_id[:255],
        "title": _plain(form.title, MODAL_TITLE),
        "submit": _plain(form.submit_label, MODAL_BUTTON),
        "private_metadata": private_metadata[:PRIVATE_METADATA],
        "blocks": blocks,
    }


def modal_values(view: dict[str, Any]) -> dict[str, str]:
    """The submitted text of each input block of a modal, keyed by block_id (= field_id)."""
    values: dict[str, str] = {}
    for block_id, elements in (view.get("state") or {}).get("values", {}).items():
        element = elements.get("value") or next(iter(elements.values()), {})
        if "selected_option" in element:
            picked = element.get("selected_option") or {}
            values[block_id] = str(picked.get("value") or "")
        else:
            values[block_id] = str(element.get("value") or "")
    return values


def pack_metadata(data: dict[str, str]) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def unpack_metadata(text: str) -> dict[str, str]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
