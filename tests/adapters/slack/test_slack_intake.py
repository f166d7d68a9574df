"""How the Slack adapter takes work in (issue 24, 6): one person's commands run in the order
they were sent, other people's work keeps moving meanwhile, and rate limits and the bound of
the queue answer in the ack, in the person's language."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from adapters.slack.app import SlackBot
from adapters.slack.pacing import ChannelPacer
from adapters.slack.server import start_http
from bot.compose import build_core
from bot.i18n import t
from bot.limits import Limits, Rate
from bot.messages import text_message
from bot.router import Router
from testkit.fixtures import TEST_LIMITS
from testkit.slack_standin import (
    SECRET,
    HttpSlack,
    StandIn,
    command_payload,
    form_body,
    http_slack,
    slack_bot,
    standin,
)

__all__ = ["http_slack", "slack_bot", "standin"]  # fixtures


class Probe:
    """« /essai attendre » waits until released; « /essai noter X » notes X (in order)."""

    def __init__(self) -> None:
        self.router = Router()
        self.release = asyncio.Event()
        self.waiting = asyncio.Event()
        self.noted: list[str] = []

        @self.router.command("essai", "attendre", help="outarde.help.default")
        async def wait(ctx, text):  # type: ignore[no-untyped-def]
            self.waiting.set()
            await self.release.wait()
            return text_message("fini")

        @self.router.command("essai", "noter", help="outarde.help.default")
        async def note(ctx, text):  # type: ignore[no-untyped-def]
            self.noted.append(text)
            return text_message(f"noté {text}")


async def running_bot(
    db, clock, standin: StandIn, probe: Probe, limits: Limits
) -> AsyncIterator[tuple[SlackBot, HttpSlack]]:  # type: ignore[no-untyped-def]
    bot = SlackBot(
        lambda notifier: build_core(
            db, notifier, clock=clock, router=probe.router, founder_is_coordinator=True,
            limits=limits,
        ),
        token="xoxb-test-token",
        signing_secret=SECRET,
        api_url=standin.api_url,
        pacer=ChannelPacer(rate=1000.0, burst=1000),
    )  # fmt: skip
    running = await start_http(bot, "127.0.0.1", 0)
    async with aiohttp.ClientSession() as session:
        yield bot, HttpSlack(f"http://127.0.0.1:{running.port}/slack/events", session)
    probe.release.set()
    await bot.drain()
    await running.stop()


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
async def intake(db, clock, standin, probe):  # type: ignore[no-untyped-def]
    async for pair in running_bot(db, clock, standin, probe, TEST_LIMITS):
        yield pair


@pytest.fixture
def limited(db, clock, standin, probe):  # type: ignore[no-untyped-def]
    """A bot with the given limits (an async context of its own)."""

    def start(limits: Limits):  # type: ignore[no-untyped-def]
        return running_bot(db, clock, standin, probe, limits)

    return start


async def send(http: HttpSlack, standin: StandIn, line: str, user: str = "U0ALICE") -> str:
    name, _, text = line.partition(" ")
    status, body = await http.send(
        form_body(command_payload(name, text, user=user, name=user.lower(), standin=standin))
    )
    assert status == 200
    return body


async def test_one_persons_commands_run_in_the_order_sent(intake, standin, probe) -> None:  # type: ignore[no-untyped-def]
    bot, http = intake
    assert await send(http, standin, "/essai attendre") == ""
    await asyncio.wait_for(probe.waiting.wait(), 5)
    for n in range(5):  # sent while the first is still running
        assert await send(http, standin, f"/essai noter {n}") == ""
    await asyncio.sleep(0.3)
    assert probe.noted == []  # none overtook the first
    probe.release.set()
    await bot.drain()
    assert probe.noted == ["0", "1", "2", "3", "4"]


async def test_others_keep_moving_while_one_person_waits(intake, standin, probe) -> None:  # type: ignore[no-untyped-def]
    bot, http = intake
    standin.slow["users.info:U0ALICE"] = 3.0  # Slack slow to say who Alice is
    for n in range(3):
        assert await send(http, standin, f"/essai noter alice{n}") == ""
    assert await send(http, standin, "/essai noter bruno", user="U0BRUNO") == ""
    for _ in range(40):  # Bruno's command does not wait for Alice's
        if probe.noted:
            break
        await asyncio.sleep(0.05)
    assert probe.noted == ["bruno"]
    await bot.drain()
    assert probe.noted == ["bruno", "alice0", "alice1", "alice2"]


async def test_a_partner_then_the_list_without_waiting(http_slack, slack_bot, standin) -> None:  # type: ignore[no-untyped-def]
    standin.slow["users.info"] = 0.3  # both are taken in before either runs
    await send(http_slack, standin, "/partenaire moi Centre des Collines")
    await send(http_slack, standin, "/partenaire liste")
    await slack_bot.drain()
    [listed] = standin.posts()
    assert "Centre des Collines" in str(listed)


async def test_a_person_over_the_limit_is_told_in_the_ack(limited, standin, probe) -> None:  # type: ignore[no-untyped-def]
    limits = Limits(person=Rate(3, 60.0), workspace=Rate(1000, 1.0))
    async for bot, http in limited(limits):
        answers = [await send(http, standin, f"/essai noter {n}") for n in range(5)]
        assert answers[:3] == ["", "", ""]
        assert answers[3].startswith("⏳ Vous envoyez beaucoup de commandes")
        assert "Réessayez dans 20 s" in answers[3]  # 3 every 60 s: one more in 20 s
        # someone else is not held back by Alice's limit
        assert await send(http, standin, "/essai noter bruno", user="U0BRUNO") == ""
        # a person known to speak English is told in English
        for n in range(3):
            await send(http, standin, f"/essai noter clara{n}", user="U0CLARA")
        await bot.drain()
        english = await send(http, standin, "/essai noter clara3", user="U0CLARA")
        assert english == "⏳ " + t("en", "core.limited_person", seconds=20)
        await bot.drain()
    # everything acknowledged ran, each person's commands in the order they were sent (the
    # acks go out before the work, so two people's commands may run in either order)
    assert sorted(probe.noted) == ["0", "1", "2", "bruno", "clara0", "clara1", "clara2"]
    assert [noted for noted in probe.noted if noted.isdigit()] == ["0", "1", "2"]
    assert [noted for noted in probe.noted if noted.startswith("c")] == [
        "clara0",
        "clara1",
        "clara2",
    ]


async def test_the_workspace_limit_and_the_bound_of_the_queue(limited, standin, probe) -> None:  # type: ignore[no-untyped-def]
    limits = Limits(person=Rate(1000, 1.0), workspace=Rate(2, 60.0), queue_max=100)
    async for bot, http in limited(limits):
        assert await send(http, standin, "/essai noter a") == ""
        assert await send(http, standin, "/essai noter b", user="U0BRUNO") == ""
        refused = await send(http, standin, "/essai noter c", user="U0CLARA")
        assert refused == "⏳ " + t("fr", "core.limited_workspace", seconds=30)
        await bot.drain()
    probe.release.clear()
    limits = Limits(person=Rate(1000, 1.0), workspace=Rate(1000, 1.0), queue_max=2)
    async for bot, http in limited(limits):
        await send(http, standin, "/essai attendre")  # two pieces of work under way
        await send(http, standin, "/essai attendre", user="U0BRUNO")
        full = await send(http, standin, "/essai noter e", user="U0CLARA")
        assert full == "⏳ " + t("fr", "core.overloaded", seconds=30)
        probe.release.set()
        await bot.drain()
        assert await send(http, standin, "/essai noter f", user="U0CLARA") == ""  # room again
        await bot.drain()
    assert sorted(probe.noted) == ["a", "b", "f"]  # two people's commands: in either order
