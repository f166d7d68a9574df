"""Two Slack replicas on one database: retries, replays and stashed values are honoured
whichever replica a request reaches, and after a restart.

One replica runs in this process, the other in a process of its own (slack_replica.py, beside
this file);
both are the real Slack adapter over HTTP, on the same SQLite file (or PostgreSQL schema).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from sqlmodel import select

from adapters.slack.dedupe import SeenRequests, Stash
from adapters.slack.server import start_http
from storage.db import Database
from storage.models.platform import SeenRequest, StashedValue
from testkit.paths import ROOT as PROJECT_ROOT
from testkit.slack_standin import (
    HttpSlack,
    StandIn,
    action_payload,
    command_payload,
    form_body,
    interactive_body,
    signed_headers,
    standin,
)
from tests.adapters.slack.slack_replica import LONG_VALUE, replica_bot

__all__ = ["standin"]  # fixture
ROOT = PROJECT_ROOT


async def other_process(db: Database, api_url: str) -> AsyncIterator[int]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.adapters.slack.slack_replica",
        db.url,
        db.search_path or "-",
        api_url,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        assert line.startswith(b"ready "), line
        yield int(line.split()[1])
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()


@pytest.fixture
async def replicas(db, standin: StandIn):  # type: ignore[no-untyped-def]
    """Replica A here (its own engine), replica B in another process; a signed client each."""
    engine = db.reopen()
    bot = replica_bot(engine, standin.api_url)
    running = await start_http(bot, "127.0.0.1", 0)
    processes = other_process(db, standin.api_url)
    port = await anext(processes)
    async with aiohttp.ClientSession() as session:
        here = HttpSlack(f"http://127.0.0.1:{running.port}/slack/events", session)
        there = HttpSlack(f"http://127.0.0.1:{port}/slack/events", session)
        yield bot, here, there
    await bot.drain()
    await running.stop()
    await processes.aclose()
    await engine.dispose()


async def test_a_retry_reaching_the_other_replica_runs_nothing_again(replicas, standin) -> None:
    bot, here, there = replicas
    body = form_body(command_payload("/essai", "une fois", standin=standin))
    assert (await here.send(body))[0] == 200
    await bot.drain()
    await standin.wait_for("chat.postMessage")
    retry = {**signed_headers(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"}
    assert (await there.send(body, headers=retry))[0] == 200
    other = form_body(command_payload("/essai", "autre", standin=standin))
    assert (await there.send(other))[0] == 200  # a new command there still runs
    await standin.wait_for("chat.postMessage", 2)
    await asyncio.sleep(0.3)
    assert [p["text"] for p in standin.posts()] == ["essai", "essai"]
    assert ["une fois" in str(p["blocks"]) for p in standin.posts()] == [True, False]


async def test_a_long_button_value_works_on_the_other_replica_and_a_click_counts_once(
    replicas, standin
) -> None:  # type: ignore[no-untyped-def]
    bot, here, there = replicas
    await here.send(form_body(command_payload("/essai", "", standin=standin)))
    await bot.drain()
    [posted] = standin.posts()
    button = posted["blocks"][1]["elements"][0]
    assert button["value"].startswith(Stash.PREFIX) and len(button["value"]) < 2000
    click = action_payload(button["action_id"], button["value"], standin=standin)
    assert (await there.send(interactive_body(click)))[0] == 200
    assert (await here.send(interactive_body(click)))[0] == 200  # the replayed click
    await standin.wait_for("chat.postMessage", 2)
    await bot.drain()
    await asyncio.sleep(0.3)
    texts = [str(p["blocks"]) for p in standin.posts()]
    assert sum(f"longueur {len(LONG_VALUE)}" in t for t in texts) == 1 and len(texts) == 2


async def test_a_restarted_replica_still_honours_stashed_values_and_seen_ids(db) -> None:
    first = Stash(db)
    token = first.keep("x" * 5000)
    await first.save("slack:T1")
    seen = SeenRequests(db)
    assert await seen.first(("command", "1.1.trigger"), "slack:T1")
    restarted = db.reopen()
    try:
        assert await Stash(restarted).take(token) == "x" * 5000
        assert not await SeenRequests(restarted).first(("command", "1.1.trigger"), "slack:T1")
        assert await SeenRequests(restarted).first(("command", "2.1.trigger"), "slack:T1")
    finally:
        await restarted.dispose()


async def test_stashed_values_and_seen_ids_expire(db) -> None:
    now = [datetime(2026, 10, 6, 18, 0, tzinfo=UTC)]
    stash = Stash(db, ttl=3600, now=lambda: now[0])
    token = stash.keep("y" * 3000)
    await stash.save("slack:T1")
    seen = SeenRequests(db, ttl=600, now=lambda: now[0])
    assert await seen.first("retry-1", "slack:T1")
    now[0] += timedelta(hours=2)
    later = db.reopen()
    try:
        assert await Stash(later, now=lambda: now[0]).take(token) == ""  # expired
        assert await SeenRequests(later, now=lambda: now[0]).first("retry-1", "slack:T1")
        await SeenRequests(later, now=lambda: now[0] + timedelta(minutes=6)).first("z", "")
        fresh = Stash(later, now=lambda: now[0] + timedelta(minutes=6))
        kept = fresh.keep("z" * 2500)
        await fresh.save("slack:T1")
    finally:
        await later.dispose()
    async with db.session() as session:
        tokens = (await session.exec(select(StashedValue.token))).all()
        keys = (await session.exec(select(SeenRequest.workspace))).all()
    assert tokens == [kept]  # the expired one is purged
    assert sorted(keys) == ["", "slack:T1"]


async def test_two_replicas_taking_the_same_request_at_once_take_it_once(db) -> None:
    engines = [db.reopen() for _ in range(4)]
    try:
        memories = [SeenRequests(engine) for engine in engines]
        taken = await asyncio.gather(*(m.first(("view", "V1", "h1"), "slack:T1") for m in memories))
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(taken) == [False, False, False, True]
