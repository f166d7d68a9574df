"""A local stand-in for Slack: the Web API (recording every call), response_url, uploads,
and signed requests to the bot's HTTP endpoint — real payload shapes, no internet."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

SECRET = "test-signing-secret-0123456789"
TEAM = "T0TABLE"
CHANNEL = "C0GENERAL"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    answer: dict[str, Any] = field(default_factory=dict)
    token: str = ""  # the bot token the call came with
    at: float = field(default_factory=time.time)


@dataclass
class Failure:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    times: int = 1


@dataclass
class StandIn:
    """Slack's Web API, response_url and file uploads on 127.0.0.1 (random port)."""

    calls: list[Call] = field(default_factory=list)
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    uploads: list[bytes] = field(default_factory=list)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)  # posts, as the channel keeps them
    shared: list[dict[str, Any]] = field(default_factory=list)  # files shared in channels
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    # method (or « method:user », for one person's calls) -> seconds before answering
    slow: dict[str, float] = field(default_factory=dict)
    url: str = ""
    # distribution: the app's credentials, where Slack sends the browser back, the teams a
    # browser may pick, the codes and bot tokens handed out (token -> team), tokens revoked
    client_id: str = "1111.2222"
    client_secret: str = "test-client-secret-4242"
    redirect_url: str = ""
    teams: dict[str, str] = field(default_factory=lambda: {TEAM: "Table de Laval"})
    codes: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    revoked: set[str] = field(default_factory=set)
    peers: list[tuple[str, int]] = field(default_factory=list)  # the caller's address, per call
    answered: list[tuple[str, float]] = field(default_factory=list)  # response_url name, when
    # False (the Slack bench): a response_url answer is only timed, not parsed and kept, so
    # the stand-in's own work does not delay when the next answers are seen
    keep_responses: bool = True
    clock: Callable[[], float] = time.time  # the instant messages and files are stamped with
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    # -- test helpers ----------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}/respond/{name}"

    @property
    def authorize_url(self) -> str:
        return f"{self.url}/oauth/v2/authorize"

    def token_of(self, team: str) -> str:
        """The bot token the latest install of ``team`` received."""
        return [token for token, owner in self.tokens.items() if owner == team][-1]

    def revoke(self, team: str) -> None:
        """Slack forgets the team's tokens (the app was uninstalled there)."""
        self.revoked.update(token for token, owner in self.tokens.items() if owner == team)

    def calls_of(self, team: str) -> list[Call]:
        """The Web API calls made with a token of ``team``."""
        return [c for c in self.calls if self.tokens.get(c.token) == team]

    def fail(self, method: str, **kwargs: Any) -> None:
        """The next call(s) of ``method`` fail (HTTP status, Slack error, Retry-After)."""
        self.failures.setdefault(method, []).append(Failure(**kwargs))

    def of(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def posts(self) -> list[dict[str, Any]]:
        return self.of("chat.postMessage")

    def private(self) -> list[dict[str, Any]]:
        """Everything shown to one person: response_url (ephemeral) and chat.postEphemeral."""
        via_url = [b for _, b in self.responses if b.get("response_type") == "ephemeral"]
        return via_url + self.of("chat.postEphemeral")

    def person(self, user_id: str, name: str, *, admin: bool = False, locale: str = "fr-CA"):
        self.people[user_id] = {
            "id": user_id,
            "name": name.lower(),
            "real_name": name,
            "is_admin": admin,
            "locale": locale,
            "profile": {"display_name": name, "real_name": name},
        }

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until ``count`` calls of ``method`` arrived (background work finishing)."""
        deadline = time.monotonic() + timeout
        while len(self.of(method)) < count:
            self._changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{method}: {len(self.of(method))} calls, wanted {count}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    # -- server ------------------------------------------------------------------------
    async def start(self) -> None:
        application = web.Application(client_max_size=20 * 1024 * 1024)
        application.add_routes(
            [
                web.post("/api/{method}", self._api),
                web.get("/api/{method}", self._api),
                web.post("/respond/{name}", self._respond),
                web.post("/upload/{file}", self._upload),
                web.get("/oauth/v2/authorize", self._authorize),
            ]
        )
        self._runner = web.AppRunner(application, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                for key, value in (await request.post()).items():
                    params[key] = value if isinstance(value, str) else "<file>"
        for key in ("blocks", "view", "files"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    def _peer(self, request: web.Request) -> None:
        if request.transport is not None:
            self.peers.append(tuple(request.transport.get_extra_info("peername")[:2]))

    def _failure(self, method: str) -> web.Response | None:
        """The failure set for this call of ``method`` (``fail``), if any."""
        pending = self.failures.get(method)
        if not pending:
            return None
        failure = pending[0]
        failure.times -= 1
        if failure.times <= 0:
            pending.pop(0)
        headers = (
            {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
        )
        body = {"ok": False, "error": failure.error or "ratelimited"}
        return web.json_response(body, status=failure.status, headers=headers)

    async def _api(self, request: web.Request) -> web.Response:
        self._peer(request)
        method = request.match_info["method"]
        params = await self._params(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.calls.append(Call(method, params, token=token))
        self._changed.set()
        failed = self._failure(method)
        if failed is not None:
            return failed
        call = self.calls[-1]
        if token in self.revoked or (token.startswith("xoxb-oauth-") and token not in self.tokens):
            call.answer = {"ok": False, "error": "invalid_auth"}
            return web.json_response(call.answer)
        call.answer = self._answer(method, params, token)
        delay = self.slow.get(f"{method}:{params.get('user', '')}", self.slow.get(method))
        if delay is not None:  # taken, but the answer is late (or never comes: stop())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
        return web.json_response(call.answer)

    def _answer(self, method: str, params: dict[str, Any], token: str = "") -> dict[str, Any]:
        ts = f"{int(self.clock())}.{next(self._ts):06d}"
        if method == "auth.test":
            team = self.tokens.get(token, TEAM)
            return {"ok": True, "team_id": team, "user_id": "UBOT", "bot_id": "BBOT", "team": "T"}
        if method == "oauth.v2.access":
            return self._access({**params, **basic_auth(token)})
        if method == "chat.postMessage":
            self.history.append({"ts": ts, **params})
            return {"ok": True, "channel": params.get("channel"), "ts": ts}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        if method == "conversations.history":
            return self._history(params)
        if method == "files.list":
            oldest = float(params.get("ts_from") or 0)
            files = [f for f in self.shared if f["channel"] == params.get("channel")]
            return {"ok": True, "files": [f for f in files if f["created"] >= oldest]}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "users.info":
            user = self.people.get(params.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "views.open":
            return {"ok": True, "view": {"id": "V" + ts.replace(".", "")}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", ""))}}
        if method == "files.getUploadURLExternal":
            file_id = "F" + ts.replace(".", "")
            return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            for f in files:
                shared = {"name": f.get("title"), "channel": params.get("channel_id")}
                self.shared.append({**shared, "created": self.clock()})
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "files.info":
            return {"ok": True, "file": {"id": params.get("file")}}
        return {"ok": True}

    async def _authorize(self, request: web.Request) -> web.Response:
        """The browser at Slack's consent page: the person approves for ``team`` (the one
        asked for, else the first known), and Slack sends the browser back with a code."""
        query = request.query
        if query.get("client_id") != self.client_id:
            return web.Response(status=400, text="invalid_client_id")
        team = query.get("team") or next(iter(self.teams))
        code = f"code-{next(self._ts)}"
        self.codes[code] = team
        target = query.get("redirect_uri") or self.redirect_url
        answer = urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
        raise web.HTTPFound(f"{target}?{answer}")

    def _access(self, params: dict[str, Any]) -> dict[str, Any]:
        """oauth.v2.access: a code (used once) and the app's credentials give a bot token."""
        if (params.get("client_id"), params.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return {"ok": False, "error": "invalid_client"}
        team = self.codes.pop(str(params.get("code")), None)
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        token = f"xoxb-oauth-{team}-{next(self._ts)}"
        self.tokens[token] = team
        return {
            "ok": True,
            "access_token": token,
            "token_type": "bot",
            "scope": "commands,chat:write",
            "bot_user_id": "UBOT",
            "app_id": "A0OUTARDE",
            "team": {"id": team, "name": self.teams.get(team, team)},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "U0ALICE"},
        }

    def _history(self, params: dict[str, Any]) -> dict[str, Any]:
        """conversations.history: newest first, pages of ``limit``, metadata on request."""
        oldest = float(params.get("oldest") or 0)
        found = [
            m
            for m in reversed(self.history)
            if m.get("channel") == params.get("channel") and float(m["ts"]) > oldest
        ]
        start = int(params.get("cursor") or 0)
        limit = int(params.get("limit") or 100)
        page = found[start : start + limit]
        with_metadata = str(params.get("include_all_metadata")).lower() in {"true", "1"}
        messages = [{k: v for k, v in m.items() if k != "metadata" or with_metadata} for m in page]
        more = start + limit < len(found)
        cursor = str(start + limit) if more else ""
        return {
            "ok": True,
            "messages": messages,
            "has_more": more,
            "response_metadata": {"next_cursor": cursor},
        }

    async def _respond(self, request: web.Request) -> web.Response:
        self._peer(request)
        failed = self._failure("response_url")
        if failed is not None:  # ``fail("response_url", status=…)``: refused, nothing kept
            await request.read()
            self.calls.append(Call("response_url:refused", {"status": failed.status}))
            return failed
        self.answered.append((request.match_info["name"], time.time()))
        if not self.keep_responses:
            await request.read()
            self._changed.set()
            return web.Response(text="ok")
        self.responses.append((request.match_info["name"], await request.json()))
        self._changed.set()
        self.calls.append(Call("response_url", self.responses[-1][1]))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads.append(await request.read())
        return web.Response(text="OK")


def basic_auth(header: str) -> dict[str, str]:
    """The app's credentials when sent as HTTP Basic (slack-sdk's oauth.v2.access)."""
    if not header.startswith("Basic "):
        return {}
    user, _, password = base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
    return {"client_id": user, "client_secret": password}


# -- signed requests, real payload shapes ------------------------------------------------
def signed_headers(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict:
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


_trigger = itertools.count(1)


def command_payload(
    command: str,
    text: str,
    *,
    user: str = "U0ALICE",
    name: str = "alice",
    standin: StandIn,
    team: str = TEAM,
) -> dict[str, str]:
    """What Slack sends for a slash command (form fields)."""
    n = next(_trigger)
    return {
        "token": "legacy-token",
        "team_id": team,
        "team_domain": "table",
        "channel_id": CHANNEL,
        "channel_name": "general",
        "user_id": user,
        "user_name": name,
        "command": command,
        "text": text,
        "api_app_id": "A0OUTARDE",
        "is_enterprise_install": "false",
        "response_url": standin.response_url(f"c{n}"),
        "trigger_id": f"{n}.1.trigger",
    }


def action_payload(
    action_id: str,
    value: str,
    *,
    user: str = "U0ALICE",
    message_ts: str = "1760000000.000001",
    action_ts: str | None = None,
    standin: StandIn,
    ephemeral: bool = False,
) -> dict[str, Any]:
    """A block_actions payload for one button press."""
    n = next(_trigger)
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0OUTARDE",
        "token": "legacy-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": CHANNEL,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": f"{n}.2.trigger",
        "team": {"id": TEAM, "domain": "table"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": CHANNEL, "name": "general"},
        "message": {"type": "message", "ts": message_ts, "text": "", "blocks": []},
        "response_url": standin.response_url(f"a{n}"),
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "x"},
                "value": value,
                "action_ts": action_ts or f"{time.time():.6f}{n}",
            }
        ],
    }


def view_payload(
    view: dict[str, Any], values: dict[str, str], *, user: str = "U0ALICE", view_id: str = "V1"
) -> dict[str, Any]:
    """A view_submission payload for a modal we opened with ``view`` filled with ``values``."""
    state = {
        block["block_id"]: {
            "value": {"type": "plain_text_input", "value": values.get(block["block_id"])}
        }
        for block in view["blocks"]
    }
    submitted = {
        **view,
        "id": view_id,
        "team_id": TEAM,
        "hash": f"h-{next(_trigger)}",
        "state": {"values": state},
    }
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "table"},
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0OUTARDE",
        "token": "legacy-token",
        "trigger_id": f"{next(_trigger)}.3.trigger",
        "view": submitted,
    }


def event_body(team: str, event: dict[str, Any]) -> str:
    """An Events API envelope (JSON), as Slack posts it to the request URL."""
    n = next(_trigger)
    return json.dumps(
        {
            "token": "legacy-token",
            "team_id": team,
            "api_app_id": "A0OUTARDE",
            "event": {"event_ts": f"{time.time():.6f}", **event},
            "type": "event_callback",
            "event_id": f"Ev{n:08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}],
        }
    )


def json_headers(body: str) -> dict:
    return {**signed_headers(body), "Content-Type": "application/json"}


def form_body(fields: dict[str, str]) -> str:
    return urllib.parse.urlencode(fields)


def interactive_body(payload: dict[str, Any]) -> str:
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


@dataclass
class HttpSlack:
    """Sends signed requests to the bot's /slack/events, as Slack does."""

    events_url: str
    session: aiohttp.ClientSession

    async def send(
        self, body: str, *, headers: dict | None = None, timeout: float = 3.0
    ) -> tuple[int, str]:
        """POST ``body`` signed (unless ``headers`` given); Slack waits three seconds."""
        async with self.session.post(
            self.events_url,
            data=body.encode(),
            headers=headers or signed_headers(body),
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as response:
            return response.status, await response.text()


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    server = StandIn()
    await server.start()
    server.person("U0ALICE", "Alice Tremblay", admin=True)
    server.person("U0BRUNO", "Bruno Gagnon")
    server.person("U0CLARA", "Clara Smith", locale="en-US")
    yield server
    await server.stop()


def make_slack_bot(app, standin: StandIn):  # type: ignore[no-untyped-def]
    """The real Slack adapter on ``app``, talking to the stand-in (fast pacing)."""
    from adapters.slack.app import SlackBot
    from adapters.slack.pacing import ChannelPacer
    from testkit.fixtures import core_like

    return SlackBot(
        core_like(app),
        token="xoxb-test-token",
        signing_secret=SECRET,
        api_url=standin.api_url,
        pacer=ChannelPacer(rate=1000.0, burst=1000),
    )


@pytest.fixture
async def slack_bot(app, standin: StandIn):  # type: ignore[no-untyped-def]
    """The real Slack adapter on the core, talking to the stand-in (fast pacing)."""
    bot = make_slack_bot(app, standin)
    yield bot
    await bot.drain()
    await bot.close()


@pytest.fixture
async def http_slack(slack_bot) -> AsyncIterator[HttpSlack]:  # type: ignore[no-untyped-def]
    """The bot's HTTP mode on 127.0.0.1 (random port) and a client that signs like Slack."""
    from adapters.slack.server import start_http

    running = await start_http(slack_bot, "127.0.0.1", 0)
    async with aiohttp.ClientSession() as session:
        yield HttpSlack(f"http://127.0.0.1:{running.port}/slack/events", session)
    await running.stop()
