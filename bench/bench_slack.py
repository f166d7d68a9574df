"""A signed Slack slash command over HTTP: Outarde vs a bare Bolt app that only acks.

``python -m bench slack``. Each app under test runs in a process of its own
(``bench/slack_server.py``); this process sends the signed requests and plays Slack (the
stand-in Web API and response_url of ``testkit/slack_standin.py``), as the issue measured
it: the load and the server never share an event loop. Two bare apps: Bolt's defaults (the
listener in a task, its ack looked for every 10 ms) and ``process_before_response`` (Bolt
answers as the listener returns, as Outarde's does). First one person's commands, one
after the other (ack, and ack to reply). Then bursts: 1, 50 and 200 commands sent at once,
each from its own person in its own channel (Outarde runs one person's commands in order,
so a burst of one person's would be serialised); ack p50/p99 of each app, and for Outarde
when each reply reached the stand-in, from the burst's start. A round waits for exactly the
replies it expects, at most ``REPLY_TIMEOUT`` seconds; a reply that does not come is
reported as missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.common import percentile
from testkit.paths import ROOT
from testkit.slack_standin import StandIn, command_payload, form_body, signed_headers

ROUNDS = 200
WARM_UP = 10
BURSTS = (1, 50, 200)
BURST_ROUNDS = 5  # each burst size is sent this many times; the samples are pooled
REPLY_TIMEOUT = 30.0  # seconds a round waits for its replies before counting them missed


@dataclass
class App:
    """An app under test: where to send, and its process (for its CPU time)."""

    url: str
    pid: int

    def cpu(self) -> float:
        """Seconds of CPU the process used so far (Linux: user + system)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.asynccontextmanager
async def app_process(kind: str, standin: StandIn) -> AsyncIterator[App]:
    """``bench.slack_server`` running ``kind`` (bare or outarde)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.slack_server", kind, standin.api_url, cwd=ROOT,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        if not line.startswith(b"port "):
            raise RuntimeError(f"bench.slack_server {kind} did not start")
        yield App(f"http://127.0.0.1:{int(line.split()[1])}/slack/events", process.pid)
    finally:
        if process.returncode is None:
            process.terminate()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), 30)
        if process.returncode is None:
            process.kill()
            await process.wait()


async def _send(session: aiohttp.ClientSession, url: str, payload: dict[str, str]) -> float:
    """One signed command; the seconds until its ack (refused when the ack says why)."""
    body = form_body(payload)
    started = time.perf_counter()
    async with session.post(url, data=body.encode(), headers=signed_headers(body)) as response:
        said = await response.read()
        assert response.status == 200, response.status
    elapsed = time.perf_counter() - started
    if said.strip():
        raise AssertionError(f"refused in the ack: {said[:120]!r}")
    return elapsed


async def replies(standin: StandIn, names: list[str], timeout: float) -> dict[str, float]:
    """When each of ``names`` was answered (wall clock), waiting at most ``timeout``."""
    wanted = set(names)
    deadline = time.monotonic() + timeout
    while True:
        at = {name: when for name, when in standin.answered if name in wanted}
        remaining = deadline - time.monotonic()
        if len(at) == len(wanted) or remaining <= 0:
            return at
        standin._changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(standin._changed.wait(), min(remaining, 0.05))


def _payload(standin: StandIn, name: str, person: int) -> dict[str, str]:
    user = f"U{person:05d}"
    payload = command_payload("/outarde", "aide", user=user, name=user.lower(), standin=standin)
    payload["channel_id"] = f"C{person:05d}"
    payload["response_url"] = standin.response_url(name)
    return payload


async def _sequence(
    standin: StandIn, session: aiohttp.ClientSession, url: str, *, answered: bool
) -> tuple[list[float], list[float], int]:
    """One person's commands one after the other: acks, ack-to-reply times, replies missed."""
    acks: list[float] = []
    ends: list[float] = []
    missed = 0
    for n in range(WARM_UP + ROUNDS):
        name = f"seq-{'o' if answered else 'b'}-{n}"
        started = time.time()
        ack = await _send(session, url, _payload(standin, name, 0))
        if answered:
            at = await replies(standin, [name], REPLY_TIMEOUT)
            missed += name not in at
            if n >= WARM_UP and name in at:
                ends.append(at[name] - started)
        if n >= WARM_UP:
            acks.append(ack)
    return acks, ends, missed


@dataclass
class Burst:
    """What one burst measured: acks, replies from the start, replies missed, CPU of the app
    until the last ack and until the last reply (seconds)."""

    acks: list[float]
    replies: list[float]
    missed: int
    cpu_acks: float
    cpu_all: float


async def _burst(
    standin: StandIn, session: aiohttp.ClientSession, app: App, size: int, tag: str,
    *, answered: bool,
) -> Burst:  # fmt: skip
    """``size`` commands at once from ``size`` people."""
    names = [f"{tag}-{n}" for n in range(size)]
    wall, cpu = time.time(), app.cpu()
    acks = await asyncio.gather(
        *(_send(session, app.url, _payload(standin, name, n + 1)) for n, name in enumerate(names))
    )
    cpu_acks = app.cpu() - cpu
    if not answered:
        return Burst(list(acks), [], 0, cpu_acks, cpu_acks)
    at = await replies(standin, names, REPLY_TIMEOUT)
    delivered = [at[name] - wall for name in names if name in at]
    return Burst(list(acks), delivered, size - len(at), cpu_acks, app.cpu() - cpu)


def _ms(values: list[float]) -> str:
    if not values:
        return "none"
    return (
        f"{statistics.median(values) * 1000:.2f} ms median, "
        f"{percentile(values, 0.95) * 1000:.2f} ms p95"
    )


async def _bursts(
    standin: StandIn, session: aiohttp.ClientSession, bare_app: App, inline_app: App, app: App
) -> list[tuple[str, str]]:
    # every person of the largest burst is seen once first (users.info, warm connections)
    await _burst(standin, session, bare_app, max(BURSTS), "bare-warm", answered=False)
    await _burst(standin, session, inline_app, max(BURSTS), "inline-warm", answered=False)
    await _burst(standin, session, app, max(BURSTS), "outarde-warm", answered=True)
    rows: list[tuple[str, str]] = []
    for size in BURSTS:
        bare: list[Burst] = []
        inline: list[Burst] = []
        ours: list[Burst] = []
        for n in range(BURST_ROUNDS):  # the apps take turns: a slower moment hits all three
            bare.append(
                await _burst(standin, session, bare_app, size, f"b-{size}-{n}", answered=False)
            )
            inline.append(
                await _burst(standin, session, inline_app, size, f"i-{size}-{n}", answered=False)
            )
            ours.append(await _burst(standin, session, app, size, f"o-{size}-{n}", answered=True))
        rows += _burst_rows(size, bare, inline, ours)
    return rows


def _burst_rows(
    size: int, bare: list[Burst], inline: list[Burst], ours: list[Burst]
) -> list[tuple[str, str]]:
    bare_acks = [a for burst in bare for a in burst.acks]
    inline_acks = [a for burst in inline for a in burst.acks]
    i50, i99 = percentile(inline_acks, 0.5), percentile(inline_acks, 0.99)
    acks = [a for burst in ours for a in burst.acks]
    delivered = [r for burst in ours for r in burst.replies]
    missed = sum(burst.missed for burst in ours)
    count = size * len(ours)
    b50, b99 = percentile(bare_acks, 0.5), percentile(bare_acks, 0.99)
    a50, a99 = percentile(acks, 0.5), percentile(acks, 0.99)
    reply = (
        f"p50 {percentile(delivered, 0.5) * 1000:.1f} ms / "
        f"p99 {percentile(delivered, 0.99) * 1000:.1f} ms "
        f"({percentile(delivered, 0.99) / b99:.2f}× bare ack p99)"
        if delivered
        else "none"
    )

    def per(values: list[float]) -> str:
        return f"{sum(values) / count * 1000:.2f} ms"

    return [
        (f"burst {size}: bare Bolt ack", f"p50 {b50 * 1000:.1f} ms / p99 {b99 * 1000:.1f} ms"),
        (
            f"burst {size}: bare Bolt ack, process_before_response",
            f"p50 {i50 * 1000:.1f} ms / p99 {i99 * 1000:.1f} ms",
        ),
        (
            f"burst {size}: Outarde ack",
            f"p50 {a50 * 1000:.1f} ms ({a50 / b50:.2f}× bare, {a50 / i50:.2f}× inline) / "
            f"p99 {a99 * 1000:.1f} ms ({a99 / b99:.2f}× bare, {a99 / i99:.2f}× inline)",
        ),
        (
            f"burst {size}: Outarde reply delivered",
            f"{reply}; {len(delivered)} of {count}, {missed} missed",
        ),
        (
            f"burst {size}: CPU per command",
            f"bare Bolt {per([b.cpu_acks for b in bare])},"
            f" inline {per([b.cpu_acks for b in inline])};"
            f" Outarde until the last ack {per([b.cpu_acks for b in ours])},"
            f" until the last reply {per([b.cpu_all for b in ours])}",
        ),
    ]


async def _measure() -> list[tuple[str, str]]:
    standin = StandIn(keep_responses=False)
    await standin.start()
    for person in range(max(BURSTS) + 1):
        standin.person(f"U{person:05d}", f"Personne {person}", admin=person == 0)
    try:
        async with (
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session,
            app_process("bare", standin) as bare_app,
            app_process("bare-inline", standin) as inline_app,
            app_process("outarde", standin) as app,
        ):
            bare, _, _ = await _sequence(standin, session, bare_app.url, answered=False)
            inline, _, _ = await _sequence(standin, session, inline_app.url, answered=False)
            acks, ends, missed = await _sequence(standin, session, app.url, answered=True)
            bursts = await _bursts(standin, session, bare_app, inline_app, app)
    finally:
        await standin.stop()
    ratio = statistics.median(ends) / statistics.median(bare) if ends else float("nan")
    ack_ratio = statistics.median(acks) / statistics.median(bare)
    print(f"slack: Outarde end to end / bare Bolt ack = {ratio:.1f}x (ack alone {ack_ratio:.2f}x)")
    return [
        ("rounds", f"{ROUNDS} (app under test in its own process)"),
        ("bare Bolt ack (/outarde, HTTP, signed)", _ms(bare)),
        ("bare Bolt ack, process_before_response", _ms(inline)),
        ("Outarde ack", _ms(acks)),
        ("Outarde end to end (/outarde aide → response_url)", f"{_ms(ends)}; {missed} missed"),
        ("ratio end to end / bare ack (median)", f"{ratio:.1f}x"),
        ("ratio Outarde ack / bare ack (median)", f"{ack_ratio:.2f}x"),
        (
            "ratio Outarde ack / bare ack process_before_response (median)",
            f"{statistics.median(acks) / statistics.median(inline):.2f}x",
        ),
        *bursts,
    ]


def run() -> list[tuple[str, str]]:
    """Measured rows for the Slack adapter."""
    return asyncio.run(_measure())


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
