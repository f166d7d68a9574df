"""The hub in a Slack workspace, a table in a Discord guild: one database, two processes (each
running only its own platform's scheduled work), the real adapters on both sides."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest

from adapters.slack.app import SlackBot
from adapters.slack.pacing import ChannelPacer
from adapters.slack.server import start_http
from bot.compose import build_core
from testkit.discord_harness import CHANNEL_ID, Harness, Request
from testkit.slack_standin import (
    CHANNEL,
    SECRET,
    HttpSlack,
    StandIn,
    command_payload,
    form_body,
    standin,
)

__all__ = ["standin"]
HUB = {"user": "U0ALICE", "name": "alice"}


@pytest.fixture
async def slack(app, standin: StandIn) -> AsyncIterator[tuple[SlackBot, HttpSlack]]:  # type: ignore[no-untyped-def]
    def core_for(notifier):  # type: ignore[no-untyped-def]
        return build_core(app.db, notifier, clock=app.clock, router=app.router,
                          founder_is_coordinator=True, platform="slack")  # fmt: skip

    bot = SlackBot(
        core_for,
        token="xoxb-test-token",
        signing_secret=SECRET,
        api_url=standin.api_url,
        pacer=ChannelPacer(rate=1000.0, burst=1000),
    )
    running = await start_http(bot, "127.0.0.1", 0)
    async with aiohttp.ClientSession() as session:
        yield bot, HttpSlack(f"http://127.0.0.1:{running.port}/slack/events", session)
    await bot.drain()
    await running.stop()


async def on_slack(slack: tuple[SlackBot, HttpSlack], standin: StandIn, text: str) -> str:
    bot, http = slack
    before = len(standin.calls)
    status, _ = await http.send(form_body(command_payload("/outarde", text, standin=standin)))
    assert status == 200
    await bot.drain()
    shown = [c.params for c in standin.calls[before:] if c.method != "users.info"]
    return "\n".join(json.dumps(params, ensure_ascii=False) for params in shown)


def said(requests: list[Request]) -> str:
    return "\n".join(r.text() for r in requests)


async def test_a_slack_hub_and_a_discord_table(app, slack, standin: StandIn) -> None:  # type: ignore[no-untyped-def]
    discord = await Harness(app, platform="discord").start()
    out = await on_slack(slack, standin, "region creer Région de Gaspésie")
    code = re.search(r"RGN-[A-Z0-9]{4}-[A-Z0-9]{4}", out)
    assert code is not None, out

    asked = said(await discord.command(
        "outarde", "region", f"rejoindre {code.group(0)} Table de Gaspé", admin=True
    ))  # fmt: skip
    number = re.search(r"\(n° (\d+)\)", asked)
    assert number is not None, asked
    out = await on_slack(slack, standin, f"region accepter {number.group(1)}")
    assert "Table de Gaspé fait maintenant partie de la région" in out

    await discord.command("faitsaillant", "voir", "Un nouveau service de transport #régional")
    await discord.command("faitsaillant", "voir", "Rien pour la région #emploi")
    out = await on_slack(slack, standin, "region faits")
    assert "Un nouveau service de transport" in out and "Rien pour la région" not in out

    out = await on_slack(slack, standin, "region annonce Conférence sur la mobilité le 3 mars")
    assert "Annonce envoyée à 1 table(s) : Table de Gaspé" in out
    app.clock.advance(timedelta(minutes=1))
    slack_core, discord_core = slack[0].core, discord.app
    # the Slack process runs only Slack's work (the join request, told in the hub's channel)
    assert await slack_core.run_due() == 1
    posted = standin.posts()[-1]
    assert "demande à rejoindre" in posted["text"] and posted["channel"] == CHANNEL
    # the Discord process posts the announcement in the table's channel, once
    start = len(discord.recorder.requests)
    assert await discord_core.run_due() == 1
    sent = [r for r in discord.recorder.since(start) if r.method == "POST"]
    assert len(sent) == 1 and f"/channels/{CHANNEL_ID}/" in sent[0].url
    assert "Conférence sur la mobilité le 3 mars" in sent[0].text()
    assert await slack_core.run_due() == 0 and await discord_core.run_due() == 0
