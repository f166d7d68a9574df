"""Scheduled posts to Discord: each part carries an enforced nonce, so a post interrupted by a
crash is answered by Discord with the first message; past the nonce window it is looked for
in the channel's history. Never twice, never lost."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from adapters.discord.notifier import NONCE_WINDOW
from adapters.discord.render import render
from bot.app import Outarde
from bot.compose import build_core
from bot.context import Place
from bot.ctx import Ctx
from bot.messages import Header, Message, Section
from bot.outbox import RESUME_AFTER
from bot.router import Feature, Router
from storage.models import Job, Outbox
from testkit.discord_harness import CHANNEL_ID, GUILD_ID, Harness
from testkit.doubles import RecordingNotifier
from testkit.fixtures import router_with

PLACE = Place("discord", str(GUILD_ID), str(CHANNEL_ID))


REMINDER = Message([Header("Rappel"), *(Section(f"{n} " + "mot " * 250) for n in range(8))])
PARTS = len(render(REMINDER))


TEST_JOBS = Feature("tests")


@pytest.fixture
def router() -> Router:
    return router_with(TEST_JOBS)


@TEST_JOBS.job("tests.discord_reminder")
async def reminder(ctx: Ctx, job: Job) -> Message:
    """A reminder long enough for several Discord messages."""
    return REMINDER


async def schedule(app: Outarde, key: str) -> None:
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, None)
        await ctx.schedule("tests.discord_reminder", key, app.clock.now())


async def outbox(app: Outarde) -> list[Outbox]:
    async with app.db.session() as session:
        return list((await session.exec(select(Outbox))).all())


def creates(bot: Harness) -> list[Any]:
    return [
        r
        for r in bot.recorder.requests
        if r.method == "POST" and r.path == "/channels/{channel_id}/messages"
    ]


async def die_after_discord_took(bot: Harness, app: Outarde) -> None:
    """Run due jobs; Discord creates the first message, then the process dies."""
    answer = bot.client.http.request
    took = asyncio.Event()

    async def request(route, **kwargs):  # type: ignore[no-untyped-def]
        result = await answer(route, **kwargs)
        if route.method == "POST" and route.path.endswith("/messages"):
            took.set()
            await asyncio.Event().wait()  # the answer never comes back
        return result

    bot.client.http.request = request
    run = asyncio.create_task(app.run_due())
    await asyncio.wait_for(took.wait(), 10)
    run.cancel()
    await asyncio.gather(run, return_exceptions=True)


async def restarted(db, clock, bot: Harness) -> tuple[Outarde, Harness]:  # type: ignore[no-untyped-def]
    """A new process on the same database and the same Discord."""
    template = build_core(db, RecordingNotifier(), clock=clock, router=bot.app.router)
    again = Harness(template)
    again.recorder = bot.recorder
    await again.start()
    return again.app, again


async def test_each_part_of_a_scheduled_post_carries_an_enforced_nonce(app) -> None:  # type: ignore[no-untyped-def]
    bot = await Harness(app).start()
    app = bot.app  # the core the Discord client delivers through
    await schedule(app, "a")
    assert await app.run_due() == 1
    [row] = await outbox(app)
    posts = creates(bot)
    assert row.status == "sent" and len(posts) == PARTS >= 2
    assert [p.data["nonce"] for p in posts] == [f"{row.token}.{n}" for n in range(PARTS)]
    assert all(p.data["enforce_nonce"] is True for p in posts)
    assert row.ref == f"{CHANNEL_ID}/{posts[0].message_id}"


async def test_within_the_nonce_window_discord_gives_back_the_first_message(
    app, db, clock
) -> None:  # type: ignore[no-untyped-def]
    bot = await Harness(app).start()
    app = bot.app  # the core the Discord client delivers through
    await schedule(app, "b")
    await die_after_discord_took(bot, app)
    assert len(bot.recorder.channel_messages) == 1
    first = bot.recorder.channel_messages[0]["id"]
    clock.advance(RESUME_AFTER)
    second, _ = await restarted(db, clock, bot)
    await second.run_due()
    [row] = await outbox(second)
    assert row.status == "sent" and row.ref == f"{CHANNEL_ID}/{first}"
    assert len(bot.recorder.channel_messages) == PARTS  # each part once
    assert len(creates(bot)) == PARTS + 1  # part 0 was asked twice, Discord made it once


async def test_past_the_nonce_window_the_channel_history_is_checked(app, db, clock) -> None:  # type: ignore[no-untyped-def]
    bot = await Harness(app).start()
    app = bot.app  # the core the Discord client delivers through
    await schedule(app, "c")
    await die_after_discord_took(bot, app)
    bot.recorder.nonces.clear()  # Discord has forgotten the nonce by now
    clock.advance(NONCE_WINDOW + timedelta(minutes=10))
    second, _ = await restarted(db, clock, bot)
    await second.run_due()
    [row] = await outbox(second)
    first = bot.recorder.channel_messages[0]["id"]
    assert row.status == "sent" and row.ref == f"{CHANNEL_ID}/{first}"
    assert len(bot.recorder.channel_messages) == PARTS  # found part 0, posted the others
    assert len(creates(bot)) == PARTS
    assert any(r.method == "GET" for r in bot.recorder.requests)


async def test_a_post_that_never_reached_discord_is_sent_once_later(app, db, clock) -> None:  # type: ignore[no-untyped-def]
    bot = await Harness(app).start()
    app = bot.app  # the core the Discord client delivers through
    await schedule(app, "d")
    answer = bot.client.http.request
    calling = asyncio.Event()

    async def request(route, **kwargs):  # type: ignore[no-untyped-def]
        calling.set()
        await asyncio.Event().wait()  # dies before Discord has it
        return await answer(route, **kwargs)

    bot.client.http.request = request
    run = asyncio.create_task(app.run_due())
    await asyncio.wait_for(calling.wait(), 10)
    run.cancel()
    await asyncio.gather(run, return_exceptions=True)
    clock.advance(NONCE_WINDOW + timedelta(hours=2))
    second, _ = await restarted(db, clock, bot)
    await second.run_due()
    [row] = await outbox(second)
    assert row.status == "sent" and len(bot.recorder.channel_messages) == PARTS


async def test_a_process_whose_delivery_was_taken_over_sends_nothing_more(
    app, db, clock
) -> None:  # type: ignore[no-untyped-def]
    """Held up after its first part, the first process finds its lease gone and stops."""
    bot = await Harness(app).start()
    app = bot.app  # the core the Discord client delivers through
    await schedule(app, "e")
    answer = bot.client.http.request
    took, release = asyncio.Event(), asyncio.Event()

    async def request(route, **kwargs):  # type: ignore[no-untyped-def]
        result = await answer(route, **kwargs)
        if route.method == "POST" and not took.is_set():
            took.set()
            await release.wait()  # Discord's answer is held up
        return result

    bot.client.http.request = request
    first = asyncio.create_task(app.run_due())
    await asyncio.wait_for(took.wait(), 10)
    clock.advance(RESUME_AFTER)
    second, _ = await restarted(db, clock, bot)
    await second.run_due()
    asked = len(creates(bot))
    release.set()
    assert await asyncio.wait_for(first, 10) == 1
    assert len(creates(bot)) == asked  # no request after the take-over
    [row] = await outbox(second)
    assert row.status == "sent" and len(bot.recorder.channel_messages) == PARTS
