"""A signed Slack slash command over HTTP: Outarde end to end vs a bare Bolt app that only acks.

Both run in the same process against the same local stand-in Web API:
``python -m bench slack``. Then bursts: 1, 50 and 200 signed commands sent at once from as many
channels, against each app in turn (ack p50/p99; for Outarde, when each reply reached the
stand-in's response_url, from the burst's start).
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
BURSTS = (1, 50, 200)
BURST_ROUNDS = 3  # each burst size is sent this many times; the samples are pooled


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


async def _burst_send(
    session: aiohttp.ClientSession, url: str, standin: StandIn, channel: int, name: str
) -> float:
    payload = command_payload("/outarde", "aide", standin=standin)
    payload["channel_id"] = f"C{channel:05d}"
    payload["response_url"] = standin.response_url(name)
    body = form_body(payload)
    started = time.perf_counter()
    async with session.post(url, data=body.encode(), headers=signed_headers(body)) as response:
        await response.read()
        assert response.status == 200
    return time.perf_counter() - started


async def _burst(
    session: aiohttp.ClientSession, url: str, standin: StandIn, size: int, tag: str
) -> tuple[list[float], list[float]]:
    """``size`` commands at once: each ack's time, and each reply's time from the start."""
    names = [f"{tag}-{n}" for n in range(size)]
    wall = time.time()
    acks = await asyncio.gather(
        *(_burst_send(session, url, standin, n, name) for n, name in enumerate(names))
    )
    replies: list[float] = []
    if tag.startswith("outarde"):
        wanted = set(names)
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            got = {name for name, _ in standin.responses if name in wanted}
            if len(got) == len(wanted):
                break
            await asyncio.sleep(0.005)
        at = dict(standin.answered)
        replies = [at[name] - wall for name in names if name in at]
    return list(acks), replies


def _p(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


async def _bursts(standin: StandIn, session: aiohttp.ClientSession) -> list[tuple[str, str]]:
    client = AsyncWebClient(token="xoxb-bench", base_url=standin.api_url)
    bolt = AsyncApp(client=client, signing_secret=SECRET)

    @bolt.command("/outarde")
    async def only_ack(ack) -> None:  # type: ignore[no-untyped-def]
        await ack()

    runner, port = await _serve(bolt)
    bare_url = f"http://127.0.0.1:{port}/slack/events"
    db = await sqlite_db()
    bot = SlackBot(
        lambda notifier: build_core(db, notifier),
        token="xoxb-bench",
        signing_secret=SECRET,
        api_url=standin.api_url,
    )
    running = await start_http(bot, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{running.port}/slack/events"
    rows: list[tuple[str, str]] = []
    try:
        await _burst(session, url, standin, 5, "outarde-warm")
        for size in BURSTS:
            bare: list[float] = []
            acks: list[float] = []
            replies: list[float] = []
            for n in range(BURST_ROUNDS):
                bare += (await _burst(session, bare_url, standin, size, f"bare-{size}-{n}"))[0]
                got_acks, got = await _burst(session, url, standin, size, f"outarde-{size}-{n}")
                acks += got_acks
                replies += got
                await bot.drain()
            b50, b99 = _p(bare, 0.5), _p(bare, 0.99)
            rows += [
                (
                    f"burst {size}: bare Bolt ack",
                    f"p50 {b50 * 1000:.1f} ms / p99 {b99 * 1000:.1f} ms",
                ),
                (
                    f"burst {size}: Outarde ack",
                    f"p50 {_p(acks, 0.5) * 1000:.1f} ms ({_p(acks, 0.5) / b50:.2f}× bare) / "
                    f"p99 {_p(acks, 0.99) * 1000:.1f} ms ({_p(acks, 0.99) / b99:.2f}× bare)",
                ),
                (
                    f"burst {size}: Outarde reply delivered",
                    f"p50 {_p(replies, 0.5) * 1000:.1f} ms / p99 {_p(replies, 0.99) * 1000:.1f} ms"
                    f" ({_p(replies, 0.99) / b99:.2f}× bare ack p99; {len(replies)} of"
                    f" {size * BURST_ROUNDS})",
                ),
            ]
    finally:
        await running.stop()
        await bot.close()
        await runner.cleanup()
        await db.dispose()
    return rows


async def _measure() -> list[tuple[str, str]]:
    standin = StandIn()
    await standin.start()
    standin.person("U0ALICE", "Alice Tremblay", admin=True)
    try:
        async with aiohttp.ClientSession() as session:
            bare = await _bare(standin, session)
            acks, ends = await _outarde(standin, session)
            bursts = await _bursts(standin, session)
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
        *bursts,
    ]


def run() -> list[tuple[str, str]]:
    """Measured rows for the Slack adapter."""
    return asyncio.run(_measure())


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
