"""Posting and editing outside any interaction (reminders, digests, updates in place)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import discord

from adapters.discord.posting import Channels
from adapters.discord.render import Part, render, render_one
from bot import refs
from bot.context import Place
from bot.messages import Context, Message
from bot.ports import Delivery

log = logging.getLogger("outarde.discord")
NONCE_WINDOW = timedelta(minutes=2)  # Discord keeps enforced nonces « a few minutes »
LOOK_BACK = timedelta(seconds=60)
HISTORY_LIMIT = 100


def _snowflake(text: str) -> int | None:
    return int(text) if text.isdigit() else None


class DiscordNotifier:
    """The core's Notifier, through the bot's channels (a ref is ``channel_id/message_id``).

    ``now`` is the core's clock: it tells whether a resumed delivery is past the nonce window.
    """

    def __init__(self, channels: Channels, now: Callable[[], datetime]) -> None:
        self.channels = channels
        self.now = now

    async def tell(
        self, place: Place, user_id: str, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        """A direct message to the person; when they accept none from the server's members
        (Discord answers 50007), the message goes in the channel, opening with their
        mention (which, like every mention the bot writes, pings nobody)."""
        person = _snowflake(user_id)
        if person is None:
            log.warning("cannot write to person %r", user_id)
            return None
        try:
            if delivery is not None:
                await delivery.before_write()
            direct = await self.channels.direct_channel(person)
        except discord.HTTPException as error:
            log.info("no direct message, channel instead", extra={"error": error.code})
            direct = None
        if direct is not None:
            try:
                return await self.post(Place(place.platform, "", str(direct)), message, delivery)
            except discord.Forbidden as error:
                log.info("direct message refused, channel instead", extra={"error": error.code})
        return await self.post(place, addressed(message, person), delivery)

    async def post(
        self, place: Place, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        """Post each part; with a delivery, each part carries an enforced nonce.

        Sent again within Discord's nonce window, a part comes back as the message already
        posted. A delivery resumed later than that is first looked for in the channel.
        """
        channel_id = _snowflake(place.channel)
        if channel_id is None:
            log.warning("cannot post in channel %r", place.channel)
            return None
        parts = render(message)
        found: dict[int, str] = {}
        since = None if delivery is None else delivery.resumed_since
        if since is not None and self.now() - since > NONCE_WINDOW:
            found = await self.posted_parts(channel_id, parts, since - LOOK_BACK)
        refs = []
        for index, part in enumerate(parts):
            ref = found.get(index)
            if ref is None:
                nonce = None
                if delivery is not None:
                    await delivery.before_write()
                    nonce = f"{delivery.token}.{index}"
                ref = await self.channels.post_part(
                    channel_id, _snowflake(place.workspace), part, nonce=nonce
                )
            refs.append(ref)
        return refs[0] if refs else None

    async def posted_parts(
        self, channel_id: int, parts: list[Part], since: datetime
    ) -> dict[int, str]:
        """Parts the bot already posted in the channel since ``since`` (index -> ref)."""
        mine = await self.channels.own_history(channel_id, HISTORY_LIMIT, since)
        found: dict[int, str] = {}
        for index, part in enumerate(parts):
            wanted = fingerprint(part.content, [e.to_dict() for e in part.embeds])
            for posted in mine:
                if fingerprint(posted.get("content") or "", posted.get("embeds") or []) == wanted:
                    found[index] = f"{channel_id}/{posted['id']}"
                    mine.remove(posted)
                    break
        return found

    async def update(self, place: Place, ref: str, message: Message) -> None:
        channel_text, _, message_text = ref.partition("/")
        channel_id, message_id = _snowflake(channel_text), _snowflake(message_text)
        if channel_id is None or message_id is None:
            log.warning("cannot update message %r", ref)
            return
        await self.channels.edit_part(
            channel_id, _snowflake(place.workspace), message_id, render_one(message)
        )


def addressed(message: Message, person: int) -> Message:
    """The message for the channel, opening with the person's mention (the fallback of a
    direct message: Discord has no private message outside an interaction)."""
    mention = refs.person(str(person))
    head = Context((f"🔒 {mention}",))
    return dataclasses.replace(message, blocks=[head, *message.blocks], to=None)


def fingerprint(content: str, embeds: list[Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """What identifies a posted part: its text, its embeds' titles and descriptions."""
    return content, tuple((e.get("title") or "", e.get("description") or "") for e in embeds)
