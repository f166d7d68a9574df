"""Posting to Slack: paced channel posts, updates in place, files; the core's Notifier."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.dedupe import Stash
from adapters.slack.pacing import ChannelPacer, with_retries
from adapters.slack.render import Rendered, render_message, render_single
from adapters.textcut import safe_file_name
from bot.context import Place
from bot.messages import Attachment, Message
from bot.ports import Delivery

log = logging.getLogger("outarde.slack")
ClientFor = Callable[[str], Awaitable[AsyncWebClient]]  # team id -> its Web API client
DELIVERY_EVENT = "outarde_delivery"  # message metadata: which outbox token a post carries
LOOK_BACK = 60.0  # seconds before an interrupted attempt began where its posts are looked for
HISTORY_PAGES = 10
# seconds one Web API call (or one attempt at a delivery's write, every HTTP request of a file
# upload included) may take: under the outbox's RESUME_AFTER, so a write begun under a renewed
# lease has ended before another process may take the delivery over
CALL_TIMEOUT = 10


def _code(error: SlackApiError) -> str:
    """The error code Slack answered (« not_allowed_token_type », « missing_scope »…)."""
    response = getattr(error, "response", None)
    return str(response.get("error", "")) if response is not None else ""


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

    async def call(
        self,
        client: AsyncWebClient,
        method: str,
        *,
        before: Callable[[], Awaitable[None]] | None = None,
        **params: Any,
    ) -> Any:
        """One Web API call with 429 waits and transient-failure retries (``before`` each)."""
        return await with_retries(
            lambda: client.api_call(method, json=params),
            what=method,
            sleep=self.sleep,
            before=before,
            limit=None if before is None else CALL_TIMEOUT,
        )

    # -- the core's Notifier --------------------------------------------------------
    async def post(
        self, place: Place, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        client = await self.client_for(place.workspace)
        return await self.post_message(
            client, place.channel, message, delivery, workspace=place.workspace_id
        )

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
            await self.stash.save(place.workspace_id)
            await self.pacer.wait(channel)
            await self.call(client, "chat.update", channel=channel, ts=ts, **rendered.payload())
        if not lock.locked() and ref not in self._latest:
            self._update_locks.pop(ref, None)

    async def tell(
        self, place: Place, user_id: str, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        """A direct message (conversations.open, then chat.postMessage with the delivery's
        token, so a resumed delivery finds it in the conversation); when the bot may not write
        to the person, the message is shown to them alone in the channel (chat.postEphemeral)."""
        client = await self.client_for(place.workspace)
        try:
            direct = await self.direct_channel(client, user_id)
        except SlackApiError as error:
            log.info("no direct message, ephemeral instead", extra={"error": _code(error)})
            rendered = render_message(message, self.stash.keep)
            await self.stash.save(place.workspace_id)
            if delivery is not None:
                await delivery.before_write()
            await self.post_ephemeral(client, place.channel, user_id, rendered.parts)
            return None
        return await self.post_message(
            client, direct, message, delivery, workspace=place.workspace_id
        )

    # -- building blocks ------------------------------------------------------------
    async def post_message(
        self,
        client: AsyncWebClient,
        channel: str,
        message: Message,
        delivery: Delivery | None = None,
        *,
        workspace: str = "",
    ) -> str | None:
        """Post every part (paced) and the files; the ref (``channel|ts``) of the first part.

        With a resumed ``delivery``, the parts and files already in the channel are skipped.
        Values too long for Slack are stashed for every replica (rows of ``workspace``).
        """
        rendered = render_message(message, self.stash.keep)
        await self.stash.save(workspace)
        found: dict[str, str] = {}
        files = rendered.files
        if delivery is not None and delivery.resumed_since is not None:
            since = delivery.resumed_since.timestamp() - LOOK_BACK
            found = await self.delivered_parts(client, channel, delivery.token, since)
            if files:
                files = await self.missing_files(client, channel, files, since)
        ref = await self.post_parts(client, channel, rendered.parts, delivery, found)
        if files:
            await self.upload(client, channel, files, delivery)
        return ref

    async def post_parts(
        self,
        client: AsyncWebClient,
        channel: str,
        parts: list[Rendered],
        delivery: Delivery | None = None,
        found: dict[str, str] | None = None,
    ) -> str | None:
        """Post each part not in ``found`` (part token -> ts); tokens go in message metadata."""
        ref = None
        where = channel
        for index, part in enumerate(parts):
            params = part.payload()
            token = None if delivery is None else f"{delivery.token}.{index}"
            ts = (found or {}).get(token or "")
            if ts is None:
                if token is not None:
                    params["metadata"] = {
                        "event_type": DELIVERY_EVENT,
                        "event_payload": {"token": token},
                    }
                await self.pacer.wait(channel)
                response = await self.call(
                    client,
                    "chat.postMessage",
                    before=None if delivery is None else delivery.before_write,
                    channel=channel,
                    unfurl_links=False,
                    unfurl_media=False,
                    **params,
                )
                where, ts = str(response.get("channel") or channel), str(response["ts"])
            if ref is None:
                ref = make_ref(where, ts)
        return ref

    async def delivered_parts(
        self, client: AsyncWebClient, channel: str, token: str, since: float
    ) -> dict[str, str]:
        """The parts of delivery ``token`` already in ``channel`` (part token -> ts)."""
        found: dict[str, str] = {}
        cursor = None
        for _ in range(HISTORY_PAGES):
            params: dict[str, Any] = {
                "channel": channel,
                "oldest": f"{since:.6f}",
                "include_all_metadata": True,
                "limit": 200,
            }
            if cursor:
                params["cursor"] = cursor
            response = await self.call(client, "conversations.history", **params)
            for message in response.get("messages") or []:
                metadata = message.get("metadata") or {}
                part = (metadata.get("event_payload") or {}).get("token", "")
                if metadata.get("event_type") == DELIVERY_EVENT and part.startswith(token + "."):
                    found[part] = str(message.get("ts"))
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor or not response.get("has_more"):
                break
        return found

    async def missing_files(
        self, client: AsyncWebClient, channel: str, files: list[Attachment], since: float
    ) -> list[Attachment]:
        """The files not yet shared in ``channel`` since ``since`` (matched by name)."""
        response = await self.call(
            client, "files.list", channel=channel, ts_from=str(int(since)), count=100
        )
        shared = {str(f.get("name")) for f in response.get("files") or []}
        return [f for f in files if safe_file_name(f.name) not in shared]

    async def post_ephemeral(
        self, client: AsyncWebClient, channel: str, user: str, parts: list[Rendered]
    ) -> None:
        for part in parts:
            await self.call(
                client, "chat.postEphemeral", channel=channel, user=user, **part.payload()
            )

    async def upload(
        self,
        client: AsyncWebClient,
        channel: str,
        files: list[Attachment],
        delivery: Delivery | None = None,
    ) -> None:
        """files_upload_v2: every attachment and image, shared in ``channel``."""
        names = [safe_file_name(f.name) for f in files]
        uploads = [
            {"content": f.data, "filename": name, "title": name}
            for f, name in zip(files, names, strict=True)
        ]
        await self.pacer.wait(channel)
        await with_retries(
            lambda: client.files_upload_v2(channel=channel, file_uploads=uploads),
            what="files.upload",
            sleep=self.sleep,
            before=None if delivery is None else delivery.before_write,
            limit=None if delivery is None else CALL_TIMEOUT,
        )

    async def direct_channel(self, client: AsyncWebClient, user: str) -> str:
        """The bot's conversation with one person (for private files)."""
        response = await self.call(client, "conversations.open", users=user)
        return str(response["channel"]["id"])
