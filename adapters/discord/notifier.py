"""Posting and editing outside any interaction (reminders, digests, updates in place)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from adapters.discord.render import render, render_one
from adapters.discord.surface import part_arguments
from bot.context import Place
from bot.messages import Message

if TYPE_CHECKING:
    from adapters.discord.client import OutardeClient

log = logging.getLogger("outarde.discord")


def _snowflake(text: str) -> int | None:
    return int(text) if text.isdigit() else None


class DiscordNotifier:
    """The core's Notifier, through the bot's HTTP client (a ref is ``channel_id/message_id``)."""

    def __init__(self, client: OutardeClient) -> None:
        self.client = client

    async def post(self, place: Place, message: Message) -> str | None:
        channel_id = _snowflake(place.channel)
        if channel_id is None:
            log.warning("cannot post in channel %r", place.channel)
            return None
        refs = [
            await self.client.post_part(channel_id, _snowflake(place.workspace), part)
            for part in render(message)
        ]
        return refs[0] if refs else None

    async def update(self, place: Place, ref: str, message: Message) -> None:
        channel_text, _, message_text = ref.partition("/")
        channel_id, message_id = _snowflake(channel_text), _snowflake(message_text)
        if channel_id is None or message_id is None:
            log.warning("cannot update message %r", ref)
            return
        channel = self.client.get_partial_messageable(
            channel_id, guild_id=_snowflake(place.workspace)
        )
        arguments = part_arguments(render_one(message))
        files = arguments.pop("files", [])
        arguments.setdefault("content", None)
        arguments.setdefault("embeds", [])
        arguments.setdefault("view", None)
        await channel.get_partial_message(message_id).edit(**arguments, attachments=files)
