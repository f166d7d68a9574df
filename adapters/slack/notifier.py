"""Posting to Slack: paced channel posts, updates in place, files; the core's Notifier."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.dedupe import Stash
from adapters.slack.pacing import ChannelPacer, with_retries
from adapters.slack.render import Rendered, render_message, render_single
from bot.context import Place
from bot.messages import Attachment, Message

log = logging.getLogger("outarde.slack")
ClientFor = Callable[[str], Awaitable[AsyncWebClient]]  # team id -> its Web API client


def make_ref(channel: str, ts: str) -> str:
    return f"{channel}|{ts}"


def split_ref(ref: str) -> tuple[str, str]:
    channel, _, ts = ref.partition("|")
    return channel, ts


class SlackNotifier:
    """Everything that leaves for Slack goes through here: the core's notifier too."""

    def __init__(
        self,
        client_for: ClientFor,
        *,
        pacer: ChannelPacer | None = None,
        stash: Stash | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.client_for = client_for
        self.pacer = pacer or ChannelPacer()
        self.stash = stash or Stash()
        self.sleep = sleep
        self._latest: dict[str, Message] = {}
        self._update_locks: dict[str, asyncio.Lock] = {}

    async def call(self, client: AsyncWebClient, method: str, **params: Any) -> Any:
        """One Web API call with 429 waits and transient-failure retries."""
        return await with_retries(
            lambda: client.api_call(method, json=params), what=method, sleep=self.sleep
        )

    # -- the core's Notifier --------------------------------------------------------
    async def post(self, place: Place, message: Message) -> str | None:
        client = await self.client_for(place.workspace)
        return await self.post_message(client, place.channel, message)

    async def update(self, place: Place, ref: str, message: Message) -> None:
        """chat.update; when updates pile up for one message, only the newest is sent."""
        self._latest[ref] = message
        lock = self._update_locks.setdefault(ref, asyncio.Lock())
        async with lock:
            newest = self._latest.pop(ref, None)
            if newest is None:
                return
            channel, ts = split_ref(ref)
            client = await self.client_for(place.workspace)
            rendered = render_single(newest, self.stash.keep)
            await self.pacer.wait(channel)
            await self.call(client, "chat.update", channel=channel, ts=ts, **rendered.payload())
        if not lock.locked() and ref not in self._latest:
            self._update_locks.pop(ref, None)

    # -- building blocks ------------------------------------------------------------
    async def post_message(
        self, client: AsyncWebClient, channel: str, message: Message
    ) -> str | None:
        """Post every part (paced) and the files; the ref (``channel|ts``) of the first part."""
        rendered = render_message(message, self.stash.keep)
        ref = await self.post_parts(client, channel, rendered.parts)
        if rendered.files:
            await self.upload(client, channel, rendered.files)
        return ref

    async def post_parts(
        self, client: AsyncWebClient, channel: str, parts: list[Rendered]
    ) -> str | None:
        ref = None
        for part in parts:
            await self.pacer.wait(channel)
            response = await self.call(
                client,
                "chat.postMessage",
                channel=channel,
                unfurl_links=False,
                unfurl_media=False,
                **part.payload(),
            )
            if ref is None:
                ref = make_ref(str(response.get("channel") or channel), str(response["ts"]))
        return ref

    async def post_ephemeral(
        self, client: AsyncWebClient, channel: str, user: str, parts: list[Rendered]
    ) -> None:
        for part in parts:
            await self.call(
                client, "chat.postEphemeral", channel=channel, user=user, **part.payload()
            )

    async def upload(self, client: AsyncWebClient, channel: str, files: list[Attachment]) -> None:
        """files_upload_v2: every attachment and image, shared in ``channel``."""
        uploads = [{"content": f.data, "filename": f.name, "title": f.name} for f in files]
        await self.pacer.wait(channel)
        await with_retries(
            lambda: client.files_upload_v2(channel=channel, file_uploads=uploads),
            what="files.upload",
            sleep=self.sleep,
        )

    async def direct_channel(self, client: AsyncWebClient, user: str) -> str:
        """The bot's conversation with one person (for private files)."""
        response = await self.call(client, "conversations.open", users=user)
        return str(response["channel"]["id"])
