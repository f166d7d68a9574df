"""The neutral message model as Discord messages: content or embeds, buttons, selects, files.

Discord's limits live here. A message that does not fit is split across several embeds and
several messages; nothing is ever refused for being too long.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import discord

from adapters.discord.mentions import render_refs
from adapters.textcut import SHORTCODE, atom_pattern, misleading_label, safe_file_name
from adapters.textcut import split as split_atoms
from adapters.textcut import truncate as truncate_atoms
from bot.messages import (
    Actions,
    Block,
    Button,
    Context,
    Divider,
    Header,
    Image,
    Message,
    Section,
    Select,
    Style,
)
from bot.refs import readable

log = logging.getLogger("outarde.discord")

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
FOOTER_LIMIT = 2048
MESSAGE_EMBED_CHARS = 6000
EMBED_CHARS = 5800  # one embed stays under the message total, with room to spare
EMBEDS_PER_MESSAGE = 10
FILES_PER_MESSAGE = 10
BUTTON_LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100
BUTTONS_PER_ROW = 5
ROWS_PER_MESSAGE = 5
SELECT_OPTIONS = 25
OPTION_LIMIT = 100
PLACEHOLDER_LIMIT = 150
CONTINUED = "⋯"  # content of a message that only carries the rest of the buttons or files
COLOUR = discord.Colour(0x2E7D5B)
BUTTON_STYLES = {
    Style.DEFAULT: discord.ButtonStyle.secondary,
    Style.PRIMARY: discord.ButtonStyle.primary,
    Style.DANGER: discord.ButtonStyle.danger,
}


# -- what a message part holds ---------------------------------------------------------
@dataclass(frozen=True)
class ButtonSpec:
    label: str
    action_id: str
    value: str
    style: discord.ButtonStyle


@dataclass(frozen=True)
class SelectSpec:
    action_id: str
    index: int
    placeholder: str
    options: tuple[tuple[str, str], ...]  # (label, value)


Row = list[ButtonSpec | SelectSpec]


@dataclass(frozen=True)
class FileSpec:
    name: str
    data: bytes

    def file(self) -> discord.File:
        """A fresh discord.File (each one can be sent only once)."""
        import io

        return discord.File(io.BytesIO(self.data), filename=self.name)


@dataclass
class Part:
    """One Discord message: content, embeds, component rows and files."""

    content: str = ""
    embeds: list[discord.Embed] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    files: list[FileSpec] = field(default_factory=list)

    def embed_chars(self) -> int:
        return sum(len(embed) for embed in self.embeds)


# -- text helpers ------------------------------------------------------------------------
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
_BOLD = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_STRIKE = re.compile(r"(?<![~\w])~(?=\S)([^~\n]+?)(?<=\S)~(?![~\w])")
# the core's links (<url|label>) and Markdown ones ([label](url)) people type themselves
_LINK = re.compile(
    r"<(?P<url>https?://[^|>\s]+)\|(?P<label>[^>]+)>"
    r"|\[(?P<mlabel>[^\]\n]{1,200})\]\((?P<murl>https?://[^\s()<>]{1,1500})\)"
)
# what a cut never splits: a masked link, <https://…>, a mention, a custom emoji, a
# timestamp (<@1>, <#1>, <@&1>, <:nom:1>, <t:1:R>), an emoji :name:
ATOM = atom_pattern(
    r"\[[^\]\n]{1,200}\]\(https?://[^\s()<>]{1,1500}\)", r"<[^<>\s]{1,1500}>", SHORTCODE
)


def _link(match: re.Match[str]) -> str:
    """A link as Discord Markdown; when its label names another address than the one it
    opens, the label stays text and the real address follows it."""
    url = match.group("url") or match.group("murl")
    label = match.group("label") or match.group("mlabel")
    if misleading_label(label, url):
        return f"{label} (<{url}>)"
    return f"[{label}]({url})"


def markdown(text: str) -> str:
    """The core's light markdown (*bold*, _italic_, <url|label>) in Discord's dialect, with
    references to people and channels as Discord's mentions."""
    pieces = _CODE.split(render_refs(text))
    for index in range(0, len(pieces), 2):  # even pieces are outside code spans
        piece = _BOLD.sub(r"**\1**", pieces[index])
        piece = _STRIKE.sub(r"~~\1~~", piece)
        pieces[index] = _LINK.sub(_link, piece)
    return "".join(pieces)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (never inside a link, a mention or an emoji),
    with an ellipsis when cut."""
    return truncate_atoms(text, limit, ATOM)


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most ``limit`` characters, cut after lines, then words, never inside a
    link, a mention or an emoji; put end to end they are ``text`` without its outer spaces
    (a chunk of spaces alone, which Discord would refuse, is left out)."""
    return [chunk for chunk in split_atoms(text.strip(), limit, ATOM) if chunk.strip()]


def custom_id(action_id: str, value: str) -> str:
    """The custom_id of a button: ``o:<action_id>:<value>`` (the core's action and value)."""
    return f"o:{action_id}:{value}"


def select_id(action_id: str, index: int) -> str:
    return f"s:{action_id}:{index}"


# -- embeds ------------------------------------------------------------------------------
class EmbedWriter:
    """Fills embeds block by block, starting a new one whenever a limit would be crossed."""

    def __init__(self) -> None:
        self.embeds: list[discord.Embed] = []
        self.files: dict[int, list[FileSpec]] = {}  # embed index -> pictures it shows
        self.current: discord.Embed | None = None

    def new(self) -> discord.Embed:
        self.current = discord.Embed(colour=COLOUR)
        self.embeds.append(self.current)
        return self.current

    def embed(self, room: int = 0) -> discord.Embed:
        """The current embed if ``room`` more characters fit in it, else a new one."""
        if self.current is None or len(self.current) + room > EMBED_CHARS:
            return self.new()
        return self.current

    def header(self, text: str) -> None:
        embed = self.current
        if embed is None or embed.title or embed.description or embed.fields or embed.image:
            embed = self.new()
        title = markdown(readable(text))  # a title shows no mention: the names
        embed.title = truncate(title.replace("\n", " "), TITLE_LIMIT)

    def paragraph(self, text: str) -> None:
        for chunk in split_text(markdown(text), DESCRIPTION_LIMIT):
            embed = self.embed(len(chunk) + 2)
            description = embed.description or ""
            if len(description) + len(chunk) + 2 > DESCRIPTION_LIMIT or embed.fields:
                embed = self.new()
                description = ""
            embed.description = f"{description}\n\n{chunk}" if description else chunk

    def field(self, label: str, value: str) -> None:
        name = truncate(markdown(readable(label)), FIELD_NAME_LIMIT) or "\u200b"
        text = truncate(markdown(value), FIELD_VALUE_LIMIT) or "\u200b"
        embed = self.embed(len(name) + len(text))
        if len(embed.fields) >= FIELDS_PER_EMBED:
            embed = self.new()
        embed.add_field(name=name, value=text, inline=len(text) <= 60)

    def footer(self, lines: tuple[str, ...]) -> None:
        text = truncate("\n".join(lines).replace("*", "").replace("`", ""), FOOTER_LIMIT)
        embed = self.embed(len(text))
        if embed.footer.text:
            embed = self.new()
        embed.set_footer(text=text)

    def image(self, image: Image, name: str) -> None:
        embed = self.current
        if embed is None or embed.image or embed.footer.text:
            embed = self.new()
        embed.set_image(url=f"attachment://{name}")
        if image.alt:
            embed.description = truncate(
                ((embed.description or "") + "\n" + image.alt).strip(), DESCRIPTION_LIMIT
            )
        self.files.setdefault(len(self.embeds) - 1, []).append(FileSpec(name, image.png))

    def divider(self) -> None:
        if self.current is not None:
            self.current = None  # the next block opens a new card


def _unique_name(name: str, taken: set[str]) -> str:
    name = safe_file_name(name)
    base, dot, extension = name.rpartition(".")
    if not dot:
        base, extension = name, ""
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{base}-{number}.{extension}" if extension else f"{base}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def _write_blocks(blocks: list[Block], taken: set[str]) -> EmbedWriter:
    writer = EmbedWriter()
    last_text = max((i for i, b in enumerate(blocks) if not isinstance(b, Actions)), default=-1)
    for index, block in enumerate(blocks):
        if isinstance(block, Header):
            writer.header(block.text)
        elif isinstance(block, Section):
            if block.text:
                writer.paragraph(block.text)
            for item in block.fields:
                writer.field(item.label, item.value)
        elif isinstance(block, Context):
            if index == last_text:
                writer.footer(block.lines)
            else:
                writer.paragraph("\n".join(block.lines))
        elif isinstance(block, Divider):
            writer.divider()
        elif isinstance(block, Image):
            writer.image(block, _unique_name(block.name or "image.png", taken))
    return writer


def _pack_embeds(writer: EmbedWriter) -> list[Part]:
    """Embeds grouped into messages: 10 embeds and 6,000 characters at most each."""
    parts: list[Part] = []
    current = Part()
    for index, embed in enumerate(writer.embeds):
        if len(embed) == 0 and not embed.image:
            continue
        files = writer.files.get(index, [])
        full = (
            len(current.embeds) >= EMBEDS_PER_MESSAGE
            or current.embed_chars() + len(embed) > MESSAGE_EMBED_CHARS
            or len(current.files) + len(files) > FILES_PER_MESSAGE
        )
        if full and current.embeds:
            parts.append(current)
            current = Part()
        current.embeds.append(embed)
        current.files.extend(files)
    if current.embeds:
        parts.append(current)
    return parts


# -- components --------------------------------------------------------------------------
def _rows(block: Actions, select_counter: list[int]) -> list[Row]:
    """Buttons five to a row; each select menu on its own row (25 options at most each)."""
    rows: list[Row] = []
    buttons: Row = []
    seen: set[str] = set()
    for element in block.elements:
        if isinstance(element, Button):
            identifier = custom_id(element.action_id, element.value)
            if len(identifier) > CUSTOM_ID_LIMIT or identifier in seen:
                log.warning("button dropped: custom_id too long or repeated: %s", identifier[:120])
                continue
            seen.add(identifier)
            buttons.append(
                ButtonSpec(
                    truncate(readable(element.label), BUTTON_LABEL_LIMIT) or "…",
                    element.action_id,
                    element.value,
                    BUTTON_STYLES.get(element.style, discord.ButtonStyle.secondary),
                )
            )
            if len(buttons) == BUTTONS_PER_ROW:
                rows.append(buttons)
                buttons = []
        elif isinstance(element, Select):
            if buttons:
                rows.append(buttons)
                buttons = []
            rows.extend(_select_rows(element, select_counter))
    if buttons:
        rows.append(buttons)
    return rows


def _select_rows(select: Select, select_counter: list[int]) -> list[Row]:
    options = [
        (truncate(readable(option.label), OPTION_LIMIT) or "…", option.value)
        for option in select.options
        if 0 < len(option.value) <= OPTION_LIMIT
    ]
    if len(options) < len(select.options):
        log.warning("select %s: options with an empty or long value dropped", select.action_id)
    rows: list[Row] = []
    for start in range(0, len(options), SELECT_OPTIONS):
        index = select_counter[0]
        select_counter[0] += 1
        if len(select_id(select.action_id, index)) > CUSTOM_ID_LIMIT:
            log.warning("select dropped: action id too long: %s", select.action_id[:120])
            break
        chunk = tuple(options[start : start + SELECT_OPTIONS])
        placeholder = truncate(readable(select.placeholder), PLACEHOLDER_LIMIT)
        rows.append([SelectSpec(select.action_id, index, placeholder, chunk)])
    return rows


# -- the whole message ---------------------------------------------------------------------
def _segments(blocks: list[Block]) -> list[list[Block]]:
    """Blocks cut after each row of actions, so buttons stay under what they act on."""
    segments: list[list[Block]] = [[]]
    for block in blocks:
        segments[-1].append(block)
        if isinstance(block, Actions):
            segments.append([])
    return [segment for segment in segments if segment]


def _render_text(blocks: list[Block]) -> list[Part]:
    texts = [markdown(b.text) for b in blocks if isinstance(b, Section) and b.text]
    return [Part(content=chunk) for chunk in split_text("\n\n".join(texts), CONTENT_LIMIT)]


def _render_group(blocks: list[Block], taken: set[str], select_counter: list[int]) -> list[Part]:
    """Blocks whose components fit in one message (or overflow into continuation parts)."""
    text_only = all(
        isinstance(b, Actions) or (isinstance(b, Section) and not b.fields) for b in blocks
    )
    parts = _render_text(blocks) if text_only else _pack_embeds(_write_blocks(blocks, taken))
    rows = [row for b in blocks if isinstance(b, Actions) for row in _rows(b, select_counter)]
    if not parts and rows:
        parts = [Part(content=CONTINUED)]
    for start in range(0, len(rows), ROWS_PER_MESSAGE):
        chunk = rows[start : start + ROWS_PER_MESSAGE]
        if start == 0:
            parts[-1].rows = chunk
        else:
            parts.append(Part(content=CONTINUED, rows=chunk))
    return parts


def render(message: Message) -> list[Part]:
    """Discord messages for ``message``, in order; the first one is the one to update later."""
    taken: set[str] = set()
    select_counter = [0]
    groups: list[list[Block]] = []
    rows_in_group = 0
    for segment in _segments(message.blocks):
        rows = sum(len(_rows(b, [0])) for b in segment if isinstance(b, Actions))
        if groups and rows_in_group + rows <= ROWS_PER_MESSAGE:
            groups[-1].extend(segment)
            rows_in_group += rows
        else:
            groups.append(list(segment))
            rows_in_group = rows
    parts: list[Part] = []
    for group in groups:
        parts.extend(_render_group(group, taken, select_counter))
    files = [FileSpec(_unique_name(a.name, taken), a.data) for a in message.files]
    if not parts:
        parts = [Part(content=truncate(render_refs(message.text) or CONTINUED, CONTENT_LIMIT))]
    for spec in files:
        if len(parts[-1].files) >= FILES_PER_MESSAGE:
            parts.append(Part(content=CONTINUED))
        parts[-1].files.append(spec)
    return parts


def render_one(message: Message) -> Part:
    """A single message (edits in place): the first part, with the message's buttons."""
    parts = render(message)
    first = parts[0]
    if len(parts) > 1:
        log.warning("update of %d messages shortened to one", len(parts))
        rows = [row for part in parts for row in part.rows][:ROWS_PER_MESSAGE]
        first.rows = rows
        first.files = [spec for part in parts for spec in part.files][:FILES_PER_MESSAGE]
    return first
