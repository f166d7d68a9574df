"""A signed Slack slash command over HTTP: Outarde end to end vs a bare Bolt app that only acks.

Both run in the same process against the same local stand-in Web API:
``python -m bench slack``.
"""

from __future__ import annotations

import asyncio
import statistics
import time

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.app import SlackBot
from adapters.slack.server import start_http
from bench.common import sqlite_db
from bot.compose import build_core
from bot.limits import Limits, Rate
from testkit.slack_standin import SECRET, StandIn, command_payload, form_body, signed_headers

ROUNDS = 200
WARM_UP = 10
# one person sends every command, as fast as answers come: far beyond a person's rate limit
BENCH_LIMITS = Limits(person=Rate(100_000, 1.0), workspace=Rate(100_000, 1.0))


async def _serve(bolt: AsyncApp) -> tuple[web.AppRunner, int]:
    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    application = web.Application()
    application.add_routes([web.post("/slack/events", events)])
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


async def _send(session: aiohttp.ClientSession, url: str, standin: StandIn) -> float:
    body = form_body(command_payload("/outarde", "aide", standin=standin))
    started = time.perf_counter()
    async with session.post(url, data=body.encode(), headers=signed_headers(body)) as response:
        await response.read()
        assert response.status == 200
    return time.perf_counter() - started


async def _outarde(standin: StandIn, session: aiohttp.ClientSession) -> tuple[list, list]:
    """Ack times and end-to-end times (request sent → private answer received by 'Slack')."""
    db = await sqlite_db()
    bot = SlackBot(
        lambda notifier: build_core(db, notifier, limits=BENCH_LIMITS),
        token="xoxb-bench",
        signing_secret=SECRET,
        api_url=standin.api_url,
    )
    running = await start_http(bot, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{running.port}/slack/events"
    acks: list[float] = []
    ends: list[float] = []
    try:
        for n in range(WARM_UP + ROUNDS):
            expected = len(standin.of("response_url")) + 1
            started = time.perf_counter()
            ack = await _send(session, url, standin)
            await standin.wait_for("response_url", expected)
            if n >= WARM_UP:
                acks.append(ack)
                ends.append(time.perf_counter() - started)
        await bot.drain()
    finally:
        await running.stop()
        await db.dispose()
    return acks, ends


async def _bare(standin: StandIn, session: aiohttp.ClientSession) -> list[float]:
    client = AsyncWebClient(token="xoxb-bench", base_url=standin.api_url)
    bolt = AsyncApp(client=client, signing_secret=SECRET)

    @bolt.command("/outarde")
    async def only_ack(ack) -> None:  # type: ignore[no-untyped-def]
        await ack()

    runner, port = await _serve(bolt)
    url = f"http://127.0.0.1:{port}/slack/events"
    try:
        times = [await _send(session, url, standin) for _ in range(WARM_UP + ROUNDS)]
    finally:
        await runner.cleanup()
    return times[WARM_UP:]


async def _measure() -> list[tuple[str, str]]:
    standin = StandIn()
    await standin.start()
    standin.person("U0ALICE", "Alice Tremblay", admin=True)
    try:
        async with aiohttp.ClientSession() as session:
            bare = await _bare(standin, session)
            acks, ends = await _outarde(standin, session)
    finally:
        await standin.stop()

    def ms(values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[int(len(ordered) * 0.95) - 1]
        return f"{statistics.median(values) * 1000:.2f} ms median, {p95 * 1000:.2f} ms p95"

    ratio = statistics.median(ends) / statistics.median(bare)
    ack_ratio = statistics.median(acks) / statistics.median(bare)
    print(f"slack: Outarde end to end / bare Bolt ack = {ratio:.1f}x (ack alone {ack_ratio:.2f}x)")
    return [
        ("rounds", str(ROUNDS)),
        ("bare Bolt ack (/outarde, HTTP, signed)", ms(bare)),
        ("Outarde ack", ms(acks)),
        ("Outarde end to end (/outarde aide → response_url)", ms(ends)),
        ("ratio end to end / bare ack (median)", f"{ratio:.1f}x"),
        ("ratio Outarde ack / bare ack (median)", f"{ack_ratio:.2f}x"),
    ]


def run() -> list[tuple[str, str]]:
    """Measured rows for the Slack adapter."""
    return asyncio.run(_measure())


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
