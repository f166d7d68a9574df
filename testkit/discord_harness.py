"""Test harness: the Discord adapter offline, real interaction payloads in, requests recorded.

As in discord.py's own tests, ``Interaction`` objects are built from gateway payload dicts by
the client's ``ConnectionState``; the interaction webhook adapter and the bot's HTTP client
are replaced by recorders that keep every request and answer with realistic payloads.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.http import Route
from discord.user import ClientUser
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from adapters.discord.client import OutardeClient
from bot.compose import build_core

APPLICATION_ID = 900000000000000001
GUILD_ID = 900000000000000002
CHANNEL_ID = 900000000000000003
BOT_ID = 900000000000000004
ADMIN_PERMISSIONS = str(1 << 3 | 1 << 5)  # administrator, manage server
MEMBER_PERMISSIONS = str(1 << 10 | 1 << 11 | 1 << 16)  # view, send, read history
_ids = itertools.count(910000000000000000)


def snowflake() -> str:
    return str(next(_ids))


@dataclass
class Request:
    """One request the adapter made: method, route path, JSON payload, file names."""

    method: str
    path: str
    payload: dict[str, Any]
    files: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    message_id: str | None = None  # the id Discord gave the message this request created

    @property
    def data(self) -> dict[str, Any]:
        """The message itself (an interaction callback wraps it in ``data``)."""
        return self.payload.get("data", self.payload) if "type" in self.payload else self.payload

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags", 0) or 0) & 64)

    def custom_ids(self) -> list[str]:
        found: list[str] = []

        def visit(component: dict[str, Any]) -> None:
            if "custom_id" in component:
                found.append(component["custom_id"])
            for child in component.get("components", []) or []:
                visit(child)
            if isinstance(component.get("component"), dict):
                visit(component["component"])

        for component in self.data.get("components", []) or []:
            visit(component)
        return found

    def text(self) -> str:
        """Content, titles, descriptions, fields and footers, for assertions."""
        data = self.data
        parts = [data.get("content") or ""]
        for embed in data.get("embeds", []) or []:
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
            parts.append((embed.get("footer") or {}).get("text", ""))
        return "\n".join(p for p in parts if p)


def _payload_of(
    payload: dict[str, Any] | None, multipart: list[dict[str, Any]] | None
) -> tuple[dict[str, Any], list[str]]:
    if payload is not None:
        return payload, []
    body: dict[str, Any] = {}
    names: list[str] = []
    for item in multipart or []:
        if item.get("name") == "payload_json":
            body = json.loads(item["value"])
        elif "filename" in item:
            names.append(item["filename"])
    return body, names


def message_payload(
    channel_id: int | str, data: dict[str, Any], message_id: str | None = None
) -> dict[str, Any]:
    """A message as Discord returns it, with the components and embeds that were sent."""
    return {
        "id": message_id or snowflake(),
        "channel_id": str(channel_id),
        "author": {
            "id": str(BOT_ID),
            "username": "Outarde",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
        },
        "content": data.get("content") or "",
        "timestamp": "2026-10-06T18:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": data.get("embeds") or [],
        "components": data.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": data.get("flags", 0) or 0,
    }


class RecordingWebhookAdapter(AsyncWebhookAdapter):
    """Interaction responses and follow-ups, recorded instead of sent."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    async def request(  # type: ignore[override]
        self,
        route: Route,
        session: Any = None,
        *,
        payload: dict[str, Any] | None = None,
        multipart: list[dict[str, Any]] | None = None,
        params: dict[str, Any] | None = None,
        **_: Any,
    ) -> Any:
        body, files = _payload_of(payload, multipart)
        request = Request(route.method, route.path, body, files, params or {}, route.url)
        self.recorder.requests.append(request)
        if body.get("type") not in {5, 6}:  # an answer, not a deferral
            if route.webhook_token in self.recorder.held:
                await self.recorder.released.wait()  # Discord slow to take this answer
            await asyncio.sleep(self.recorder.delay)
        channel = self.recorder.channel_id
        message_id = snowflake()
        if body.get("type") == 4 or not route.path.endswith("/callback"):
            request.message_id = message_id
        if route.path.endswith("/callback"):
            data = body.get("data") or {}
            answer: dict[str, Any] = {
                "interaction": {
                    "id": str(route.webhook_id),
                    "type": 2,
                    "response_message_id": message_id if body.get("type") == 4 else None,
                    "response_message_loading": body.get("type") == 5,
                    "response_message_ephemeral": bool(int(data.get("flags", 0) or 0) & 64),
                }
            }
            if body.get("type") == 4:
                answer["resource"] = {
                    "type": 4,
                    "message": message_payload(channel, data, message_id),
                }
            return answer
        if route.method == "DELETE":
            return None
        return message_payload(channel, body, message_id)


class _Refused:
    """The HTTP response discord.py reads when Discord refuses a request (403)."""

    status = 403
    reason = "Forbidden"


class Recorder:
    """Everything the adapter sent: interaction callbacks, follow-ups, channel posts, edits."""

    def __init__(self, channel_id: int = CHANNEL_ID) -> None:
        self.channel_id = channel_id
        self.requests: list[Request] = []
        self.webhook = RecordingWebhookAdapter(self)
        self.channel_messages: list[dict[str, Any]] = []  # posted by the bot, oldest first
        self.nonces: dict[str, dict[str, Any]] = {}  # enforced nonce -> the message it made
        self.direct: dict[str, str] = {}  # person -> the id of the bot's conversation with them
        self.closed_dms: set[str] = set()  # people who accept no direct message (50007)
        self.held: set[str] = set()  # interaction tokens whose answers wait for ``released``
        self.released = asyncio.Event()
        self.delay = 0.0  # seconds Discord takes to answer each request but a deferral

    def install(self, client: Any) -> None:
        """Route the client's HTTP calls and the interaction webhooks to this recorder."""
        async_context.set(self.webhook)

        async def request(route: Route, *, files: Any = None, form: Any = None, **kw: Any) -> Any:
            body, names = _payload_of(kw.get("json"), list(form or []))
            request = Request(route.method, route.path, body, names, url=route.url)
            self.requests.append(request)
            await asyncio.sleep(self.delay)
            channel = route.channel_id or self.channel_id
            refused = {self.direct.get(p) for p in self.closed_dms}
            if route.method == "POST" and route.path.endswith("/messages"):
                if str(channel) in refused:
                    raise discord.Forbidden(_Refused(), {"code": 50007, "message": "Cannot send"})
                return self._create(channel, body, request)
            if route.method == "POST" and route.path == "/users/@me/channels":
                return self._direct(str(body.get("recipient_id")))
            if route.method == "PATCH" and "/messages" in route.path:
                request.message_id = route.url.rsplit("/", 1)[-1]
                return message_payload(channel, body, request.message_id)
            if route.method == "GET" and route.path.endswith("/messages"):
                posted = reversed(self.channel_messages)
                return [m for m in posted if m["channel_id"] == str(channel)]
            if route.method == "PUT" and route.path.endswith("/commands"):
                return [dict(c, id=snowflake(), application_id=str(APPLICATION_ID)) for c in body]
            return {}

        client.http.request = request

    def _direct(self, person: str) -> dict[str, Any]:
        """The DM channel Discord opens (or gives back) for a person."""
        channel = self.direct.setdefault(person, snowflake())
        return {"id": channel, "type": 1, "last_message_id": None, "recipients": []}

    def direct_messages(self, person: str) -> list[dict[str, Any]]:
        """What the bot posted in its direct conversation with ``person``."""
        channel = self.direct.get(person)
        return [m for m in self.channel_messages if m["channel_id"] == channel]

    def _create(self, channel: int, body: dict[str, Any], request: Request) -> dict[str, Any]:
        """A channel post; an enforced nonce seen before gives back the first message."""
        nonce = body.get("nonce")
        if body.get("enforce_nonce") and nonce in self.nonces:
            message = self.nonces[str(nonce)]
        else:
            message = message_payload(channel, body, snowflake())
            self.channel_messages.append(message)
            if body.get("enforce_nonce") and nonce is not None:
                self.nonces[str(nonce)] = message
        request.message_id = message["id"]
        return message

    def since(self, start: int) -> list[Request]:
        return self.requests[start:]


def interaction_payload(
    kind: int,
    data: dict[str, Any],
    *,
    user_id: str = "800000000000000001",
    name: str = "Alice",
    admin: bool = False,
    locale: str = "fr",
    guild_id: int = GUILD_ID,
    channel_id: int = CHANNEL_ID,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload as the gateway sends it."""
    payload: dict[str, Any] = {
        "id": snowflake(),
        "application_id": str(APPLICATION_ID),
        "type": kind,
        "token": "interaction-token-" + snowflake(),
        "version": 1,
        "guild_id": str(guild_id),
        "channel_id": str(channel_id),
        "channel": {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(guild_id),
            "name": "table",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
        },
        "locale": locale,
        "guild_locale": "fr",
        "app_permissions": MEMBER_PERMISSIONS,
        "entitlements": [],
        "attachment_size_limit": 10 * 1024 * 1024,
        "authorizing_integration_owners": {"0": str(guild_id)},
        "context": 0,
        "member": {
            "user": {
                "id": user_id,
                "username": name.lower().replace(" ", ""),
                "discriminator": "0",
                "avatar": None,
                "global_name": name,
            },
            "roles": [],
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "permissions": ADMIN_PERMISSIONS if admin else MEMBER_PERMISSIONS,
        },
        "data": data,
    }
    if message is not None:
        payload["message"] = message
    return payload


def command_data(family: str, sub: str, text: str | None = None) -> dict[str, Any]:
    """``data`` of a slash command: /family sub texte:text."""
    options = [] if text is None else [{"name": "texte", "type": 3, "value": text}]
    return {
        "id": snowflake(),
        "name": family,
        "type": 1,
        "guild_id": None,
        "options": [{"name": sub, "type": 1, "options": options}],
    }


def autocomplete_data(family: str, sub: str, typed: str) -> dict[str, Any]:
    data = command_data(family, sub, typed)
    data["options"][0]["options"][0]["focused"] = True
    return data


def component_data(custom_id: str, values: list[str] | None = None) -> dict[str, Any]:
    if values is None:
        return {"custom_id": custom_id, "component_type": 2}
    return {"custom_id": custom_id, "component_type": 3, "values": values}


def modal_data(custom_id: str, values: dict[str, str]) -> dict[str, Any]:
    """A modal submission: each text input inside its label, as Discord sends them."""
    return {
        "custom_id": custom_id,
        "components": [
            {"type": 18, "id": n, "component": {"type": 4, "custom_id": k, "value": v}}
            for n, (k, v) in enumerate(values.items(), start=1)
        ],
    }


async def settle() -> None:
    """Wait until every task the dispatch started (tree invoker, item callbacks) has ended."""
    for _ in range(100):
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        if not pending:
            return
        await asyncio.gather(*pending, return_exceptions=True)


async def prepare(client: Any, recorder: Recorder) -> None:
    """What login would do, without network: the loop, the translator, the recorders."""
    await client._async_setup_hook()
    client._connection.application_id = APPLICATION_ID
    client._connection.user = ClientUser(
        state=client._connection,
        data={
            "id": str(BOT_ID),
            "username": "Outarde",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
            "mfa_enabled": False,
            "verified": True,
        },
    )
    recorder.install(client)
    await client.setup_hook()


class Harness:
    """A Discord client over an Outarde core, driven with gateway payloads."""

    def __init__(self, app: Any, *, defer_after: float = 2.0, platform: str | None = None) -> None:
        self.template = app  # a core whose database, clock and router each start reuses
        self.defer_after = defer_after
        self.platform = platform  # "discord": its scheduler runs only the guilds' jobs
        self.recorder = Recorder()
        self.client: Any = None

    async def start(self) -> Harness:
        """A new client process (call again to simulate a restart: same database)."""
        template = self.template

        def core_for(notifier: Any) -> Any:
            return build_core(
                template.db,
                notifier,
                clock=template.clock,
                router=template.router,
                founder_is_coordinator=template.workspaces.founder_is_coordinator,
                limits=template.inbox.limits,
                platform=self.platform,
            )

        self.client = OutardeClient(core_for, defer_after=self.defer_after, start_scheduler=False)
        await prepare(self.client, self.recorder)
        return self

    @property
    def app(self) -> Any:
        """The core of the client now running."""
        return self.client.app

    async def dispatch(self, payload: dict[str, Any]) -> list[Request]:
        """Feed one INTERACTION_CREATE to the client; the requests it made in answer."""
        start = len(self.recorder.requests)
        self.client._connection.parse_interaction_create(payload)
        await settle()
        return self.recorder.since(start)

    async def command(
        self, family: str, sub: str, text: str | None = None, **person: Any
    ) -> list[Request]:
        return await self.dispatch(
            interaction_payload(2, command_data(family, sub, text), **person)
        )

    async def autocomplete(self, family: str, sub: str, typed: str, **person: Any) -> list[Request]:
        data = autocomplete_data(family, sub, typed)
        return await self.dispatch(interaction_payload(4, data, **person))

    async def click(
        self, sent: Request, custom_id: str, values: list[str] | None = None, **person: Any
    ) -> list[Request]:
        """Click the component ``custom_id`` of the message ``sent`` earlier."""
        message = message_payload(self.recorder.channel_id, sent.data, sent.message_id)
        data = component_data(custom_id, values)
        return await self.dispatch(interaction_payload(3, data, message=message, **person))

    async def submit(self, custom_id: str, values: dict[str, str], **person: Any) -> list[Request]:
        return await self.dispatch(interaction_payload(5, modal_data(custom_id, values), **person))
