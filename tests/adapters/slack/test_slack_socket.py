"""The same flows through Socket Mode: envelopes fed to Bolt's AsyncSocketModeHandler."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from adapters.slack.app import SlackBot
from adapters.slack.pacing import ChannelPacer
from bot.compose import build_core
from testkit.slack_standin import StandIn, action_payload, command_payload, standin, view_payload
from tests.adapters.slack.test_slack_http import Probe

__all__ = ["standin"]
_envelopes = itertools.count(1)


class RecordingSocket:
    """Stands for the WebSocket client: keeps the acknowledgements Bolt sends back."""

    def __init__(self) -> None:
        import logging

        self.logger = logging.getLogger("test.socket")
        self.sent: list[SocketModeResponse] = []

    async def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.sent.append(response)


class Socket:
    def __init__(self, bot: SlackBot) -> None:
        self.bot = bot
        self.handler = AsyncSocketModeHandler(bot.bolt, "xapp-1-test-token")
        self.client = RecordingSocket()

    async def deliver(
        self, kind: str, payload: dict[str, Any], *, envelope_id: str | None = None, retry: int = 0
    ) -> SocketModeResponse:
        """One envelope as Slack sends it over the socket; returns the acknowledgement."""
        request = SocketModeRequest(
            type=kind,
            envelope_id=envelope_id or f"env-{next(_envelopes)}",
            payload=payload,
            accepts_response_payload=True,
            retry_attempt=retry or None,
            retry_reason="timeout" if retry else None,
        )
        await self.handler.handle(self.client, request)  # type: ignore[arg-type]
        return self.client.sent[-1]


@pytest.fixture
async def socket(db, clock, standin: StandIn):  # type: ignore[no-untyped-def]
    bot = SlackBot(
        lambda notifier: build_core(db, notifier, clock=clock, founder_is_coordinator=True),
        token="xoxb-t",
        api_url=standin.api_url,
        pacer=ChannelPacer(1000, 1000),
    )
    yield Socket(bot)
    await bot.drain()


@pytest.fixture
async def probe_socket(db, clock, standin: StandIn):  # type: ignore[no-untyped-def]
    probe = Probe()
    bot = SlackBot(
        lambda notifier: build_core(
            db, notifier, clock=clock, router=probe.router, founder_is_coordinator=True
        ),
        token="xoxb-t",
        api_url=standin.api_url,
        pacer=ChannelPacer(1000, 1000),
    )
    yield Socket(bot), probe
    probe.release.set()
    await bot.drain()


async def test_slash_command_over_the_socket(socket: Socket, standin: StandIn) -> None:
    payload = command_payload("/outarde", "aide", standin=standin)
    ack = await socket.deliver("slash_commands", payload, envelope_id="env-a")
    assert ack.envelope_id == "env-a" and not ack.payload
    await socket.bot.drain()
    [answer] = standin.private()
    assert answer["blocks"][0]["text"]["text"] == "Outarde : les commandes"


async def test_partner_list_is_posted_over_the_socket(socket: Socket, standin: StandIn) -> None:
    await socket.deliver(
        "slash_commands", command_payload("/partenaire", "moi Centre Femmes", standin=standin)
    )
    await socket.deliver("slash_commands", command_payload("/partenaire", "liste", standin=standin))
    await socket.bot.drain()
    [post] = standin.posts()
    assert "Centre Femmes" in str(post["blocks"])


async def test_a_redelivered_envelope_posts_nothing_new(socket: Socket, standin: StandIn) -> None:
    await socket.deliver(
        "slash_commands", command_payload("/partenaire", "moi CDC", standin=standin)
    )
    payload = command_payload("/partenaire", "liste", standin=standin)
    await socket.deliver("slash_commands", payload, envelope_id="env-x")
    await socket.deliver("slash_commands", payload, envelope_id="env-x", retry=1)
    await socket.bot.drain()
    assert len(standin.posts()) == 1


async def test_double_click_over_the_socket_counts_once(probe_socket, standin: StandIn) -> None:
    socket, probe = probe_socket
    click = action_payload("essai.compter#1", "1", standin=standin)
    await socket.deliver("interactive", click)
    await socket.deliver("interactive", click, retry=1)
    await socket.bot.drain()
    assert probe.clicks == 1


async def test_modal_errors_over_the_socket(probe_socket, standin: StandIn) -> None:
    socket, probe = probe_socket
    await socket.deliver("slash_commands", command_payload("/essai", "formulaire", standin=standin))
    await socket.bot.drain()
    view = standin.of("views.open")[0]["view"]
    ack = await socket.deliver("interactive", view_payload(view, {"nom": ""}))
    assert ack.payload["response_action"] == "errors" and set(ack.payload["errors"]) == {"nom"}
    ack = await socket.deliver("interactive", view_payload(view, {"nom": "Bruno"}, view_id="V9"))
    assert not ack.payload
    await socket.bot.drain()
    assert probe.submissions == [({"nom": "Bruno", "note": ""}, "etat-42")]


async def test_slow_work_is_acknowledged_first_over_the_socket(probe_socket, standin) -> None:
    socket, probe = probe_socket
    ack = await socket.deliver("slash_commands", command_payload("/essai", "lent", standin=standin))
    assert not ack.payload and not probe.release.is_set()
    probe.release.set()
    await socket.bot.drain()
    assert standin.posts()[0]["text"] == "enfin"
