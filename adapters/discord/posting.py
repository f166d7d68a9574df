"""Discord messages outside an interaction response: send, edit and read back channel posts.

A reference to a posted message, for the core, is ``channel_id/message_id``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

import discord
from discord.http import HTTPClient

from adapters.discord.components import build_view
from adapters.discord.render import CONTENT_LIMIT, Part, truncate

NO_MENTIONS = discord.AllowedMentions.none()
log = logging.getLogger("outarde.discord")


class MessageableFor(Protocol):
    """``discord.Client.get_partial_messageable``: a channel to send to, without fetching it."""

    def __call__(
        self, id: int, /, *, guild_id: int | None = None
    ) -> discord.PartialMessageable: ...


def message_ref(channel_id: int | None, message_id: int | None) -> str | None:
    """The core's reference to a Discord message: ``channel_id/message_id``."""
    if channel_id is None or message_id is None:
        return None
    return f"{channel_id}/{message_id}"


def part_arguments(part: Part) -> dict[str, Any]:
    """Keyword arguments of discord.py's send and edit calls for one message part."""
    arguments: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if part.content:
        arguments["content"] = part.content
    if part.embeds:
        arguments["embeds"] = part.embeds
    if part.files:
        arguments["files"] = [spec.file() for spec in part.files]
    view = build_view(part.rows)
    if view is not None:
        arguments["view"] = view
    return arguments


class Channels:
    """The bot's channel posts, through discord.py's channel objects and HTTP client."""

    def __init__(
        self,
        messageable: MessageableFor,
        http: HTTPClient,
        bot_user: Callable[[], discord.abc.Snowflake | None],
    ) -> None:
        self.messageable = messageable
        self.http = http
        self.bot_user = bot_user  # known once logged in

    async def post_part(
        self, channel_id: int | None, guild_id: int | None, part: Part, nonce: str | None = None
    ) -> str | None:
        """Send one message part to a channel; its ``channel_id/message_id``.

        A ``nonce`` is enforced (discord.py sends ``enforce_nonce``): sent twice within a few
        minutes, Discord answers with the first message instead of posting a second one.
        """
        if channel_id is None:
            return None
        channel = self.messageable(channel_id, guild_id=guild_id)
        sent = await channel.send(**part_arguments(part), nonce=nonce)
        return message_ref(channel_id, sent.id)

    async def edit_part(
        self, channel_id: int, guild_id: int | None, message_id: int, part: Part
    ) -> None:
        """Replace a posted message by ``part``: text, embeds, components and files."""
        channel = self.messageable(channel_id, guild_id=guild_id)
        arguments = part_arguments(part)
        files = arguments.pop("files", [])
        arguments.setdefault("content", None)
        arguments.setdefault("embeds", [])
        arguments.setdefault("view", None)
        await channel.get_partial_message(message_id).edit(**arguments, attachments=files)

    async def post_privately(
        self, person: int, channel_id: int | None, guild_id: int | None, part: Part
    ) -> None:
        """A part for the person alone outside any interaction: in their direct messages;
        when they accept none, in the channel, opening with their mention (which pings
        nobody: Discord has no private message there)."""
        try:
            direct = await self.direct_channel(person)
            await self.post_part(direct, None, part)
            return
        except discord.HTTPException as error:
            log.info("no direct message, channel instead", extra={"error": error.code})
        head = f"🔒 <@{person}>"
        content = truncate(f"{head}\n{part.content}" if part.content else head, CONTENT_LIMIT)
        await self.post_part(channel_id, guild_id, dataclasses.replace(part, content=content))

    async def direct_channel(self, user_id: int) -> int:
        """The bot's direct conversation with a person (opened if need be): its channel id."""
        opened = await self.http.start_private_message(user_id)
        return int(opened["id"])

    async def own_history(self, channel_id: int, limit: int, after: datetime) -> list[Any]:
        """Message payloads the bot posted in the channel after ``after`` (newest first)."""
        history = await self.http.logs_from(
            channel_id, limit, after=discord.utils.time_snowflake(after)
        )
        me = self.bot_user()
        return [m for m in history if me is None or str(m["author"]["id"]) == str(me.id)]
