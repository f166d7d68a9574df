"""Two replicas on one PostgreSQL schema: each job delivered once, one leader at a time."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app import Outarde
from bot.clock import ManualClock
from bot.compose import build_core
from bot.context import Actor, Place
from bot.ctx import Ctx
from bot.messages import text_message
from bot.outbox import RESUME_AFTER
from bot.router import Feature, Router
from storage.db import Database
from storage.models import Job, Outbox
from testkit.doubles import RecordingNotifier
from testkit.fixtures import (
    POSTGRES_URL,
    core_like,
    drop_schema,
    postgres_database,
    postgres_only,
    router_with,
)

pytestmark = postgres_only


TEST_JOBS = Feature("tests")


@pytest.fixture
def router() -> Router:
    return router_with(TEST_JOBS)


@TEST_JOBS.job("tests.replica")
async def post_key(ctx: Ctx, job: Job) -> object:
    """Posts the job's key in its channel."""
    return text_message(f"key={job.key}", ephemeral=False)


@pytest.fixture
async def replicas(clock: ManualClock) -> AsyncIterator[tuple[Outarde, Outarde]]:
    """Two apps, each with its own engine, on the same fresh schema."""
    first, schema = await postgres_database()
    second = Database(str(POSTGRES_URL), search_path=schema)
    apps = tuple(
        build_core(db, RecordingNotifier(), clock=clock, router=router_with(TEST_JOBS))
        for db in (first, second)
    )
    yield apps  # type: ignore[misc]
    for app in apps:
        await app.scheduler.leader.release()
        await app.db.dispose()
    await drop_schema(schema)


async def schedule(app: Outarde, keys: range, channels: int = 10) -> None:
    async with app.db.session() as session:
        for n in keys:
            place = Place("console", "t1", f"canal{n % channels}")
            ctx = await app.workspaces.context(session, place, Actor("alice", "Alice"))
            await ctx.schedule("tests.replica", f"k{n}", app.clock.now())


def posted(app: Outarde) -> list[str]:
    notifier = app.notifier
    assert isinstance(notifier, RecordingNotifier)
    return [message.text.removeprefix("key=") for _, message in notifier.posts]


async def statuses(app: Outarde) -> Counter[str]:
    async with app.db.session() as session:
        return Counter(job.status for job in (await session.exec(select(Job))).all())


async def test_replicas_running_due_jobs_at_once_deliver_each_once(replicas) -> None:  # type: ignore[no-untyped-def]
    first, second = replicas
    await schedule(first, range(300))
    ran = await asyncio.gather(first.run_due(), second.run_due(), first.run_due())
    assert sum(ran) == 300
    delivered = posted(first) + posted(second)
    assert sorted(delivered) == sorted(f"k{n}" for n in range(300))  # none twice, none missed
    assert await statuses(first) == {"done": 300}


async def test_only_the_leaders_tick_runs_jobs(replicas, clock) -> None:  # type: ignore[no-untyped-def]
    first, second = replicas
    await schedule(first, range(20))
    await asyncio.gather(first.scheduler.tick(), second.scheduler.tick())
    leader, follower = (first, second) if posted(first) else (second, first)
    assert len(posted(leader)) == 20 and posted(follower) == []
    await schedule(follower, range(20, 30))
    clock.advance(timedelta(minutes=1))
    await follower.scheduler.tick()
    assert await statuses(first) == {"done": 20, "pending": 10}
    await leader.scheduler.tick()
    assert len(posted(leader)) == 30 and posted(follower) == []


async def test_the_other_replica_takes_over_when_the_leader_releases(replicas) -> None:  # type: ignore[no-untyped-def]
    first, second = replicas
    await first.scheduler.tick()
    assert first.scheduler.leader.held
    await schedule(second, range(5))
    await first.scheduler.leader.release()  # a clean stop
    await second.scheduler.tick()
    assert len(posted(second)) == 5 and posted(first) == []
    await schedule(first, range(5, 8))
    await first.scheduler.tick()  # the other one leads now
    assert len(posted(first)) == 0
    await second.scheduler.tick()
    assert len(posted(second)) == 8


async def test_a_leader_dying_mid_post_is_replaced_and_each_post_lands_once(
    replicas, clock
) -> None:  # type: ignore[no-untyped-def]
    first, second = replicas
    platform = RecordingNotifier()  # the one platform both replicas post to
    calls = asyncio.Semaphore(0)

    class Dying(RecordingNotifier):
        """k0 reaches the platform, the others don't; no answer ever comes back."""

        async def post(self, place, message, delivery=None):  # type: ignore[no-untyped-def]
            if message.text == "key=k0":
                await platform.post(place, message, delivery)
            calls.release()
            await asyncio.Event().wait()

    first, second = core_like(first)(Dying()), core_like(second)(platform)
    await second.scheduler.tick()
    await second.scheduler.leader.release()
    await first.scheduler.tick()  # first leads, second has led before
    await schedule(first, range(4))
    run = asyncio.create_task(first.scheduler.tick())
    for _ in range(4):
        await asyncio.wait_for(calls.acquire(), 10)
    run.cancel()  # first dies with its four posts under way
    await asyncio.gather(run, return_exceptions=True)
    connection = first.scheduler.leader._connection
    assert connection is not None
    await connection.invalidate()
    await second.scheduler.tick()  # leads now; the posts may still be under way: it waits
    assert platform.posts and len(platform.posts) == 1
    clock.advance(RESUME_AFTER)
    await second.scheduler.tick()
    assert sorted(posted(second)) == ["k0", "k1", "k2", "k3"]  # k0 found, not resent
    assert await statuses(second) == {"done": 4}
    async with second.db.session() as session:
        rows = (await session.exec(select(Outbox))).all()
    assert sorted(row.status for row in rows) == ["sent"] * 4
    await second.scheduler.leader.release()
