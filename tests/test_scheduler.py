"""Scheduled work: due jobs run once, failures retry, APScheduler wakes us in time."""

from __future__ import annotations

import asyncio
from datetime import UTC, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlmodel import select

from bot.app import Outarde
from bot.clock import SystemClock
from bot.context import Actor, Place
from bot.ctx import Ctx
from bot.messages import text_message
from bot.ports import RecordingNotifier
from bot.router import registry
from storage.models import Job

PLACE = Place("console", "t1", "general")
FAILURES: dict[str, int] = {}


@registry.job("tests.echo")
async def echo(ctx: Ctx, job: Job) -> object:
    """Posts the job's key; fails as many times as FAILURES says first."""
    if FAILURES.get(job.key, 0) > 0:
        FAILURES[job.key] -= 1
        raise RuntimeError("platform down")
    return text_message(f"echo {job.key} in {ctx.place.channel}", ephemeral=False)


async def schedule(app: Outarde, key: str, delay: timedelta, channel: str = "general") -> None:
    async with app.db.session() as session:
        ctx = await app.context(session, PLACE, Actor("alice", "Alice"))
        await ctx.schedule("tests.echo", key, app.clock.now() + delay, channel=channel)
    app.scheduler.wake(ctx.scheduled)


async def statuses(app: Outarde) -> dict[str, str]:
    async with app.db.session() as session:
        return {j.key: j.status for j in (await session.exec(select(Job))).all()}


async def test_a_job_runs_once_when_due(app, clock) -> None:  # type: ignore[no-untyped-def]
    notifier = RecordingNotifier()
    app.notifier = notifier
    await schedule(app, "a", timedelta(hours=1), channel="annonces")
    assert await app.run_due() == 0
    clock.advance(timedelta(minutes=59))
    assert await app.run_due() == 0
    clock.advance(timedelta(minutes=1))
    assert await app.run_due() == 1
    assert await app.run_due() == 0
    assert len(notifier.posts) == 1
    place, message = notifier.posts[0]
    assert place.channel == "annonces" and "echo a in annonces" in message.blocks[0].text
    assert (await statuses(app))["a"] == "done"


async def test_rescheduling_moves_the_job(app, clock) -> None:  # type: ignore[no-untyped-def]
    await schedule(app, "b", timedelta(hours=1))
    await schedule(app, "b", timedelta(hours=5))
    clock.advance(timedelta(hours=2))
    assert await app.run_due() == 0
    clock.advance(timedelta(hours=3))
    assert await app.run_due() == 1


async def test_a_failing_job_is_retried_with_backoff(app, clock) -> None:  # type: ignore[no-untyped-def]
    app.notifier = RecordingNotifier()
    FAILURES["c"] = 2
    await schedule(app, "c", timedelta(0))
    assert await app.run_due() == 1  # failed once, rescheduled 30 s later
    assert (await statuses(app))["c"] == "pending" and not app.notifier.posts
    clock.advance(timedelta(seconds=30))
    assert await app.run_due() == 1  # failed twice, rescheduled 1 min later
    clock.advance(timedelta(minutes=1))
    assert await app.run_due() == 1
    assert (await statuses(app))["c"] == "done" and len(app.notifier.posts) == 1


async def test_a_job_interrupted_by_a_crash_is_not_resent(app) -> None:  # type: ignore[no-untyped-def]
    await schedule(app, "d", timedelta(0))
    async with app.db.session() as session:
        job = (await session.exec(select(Job))).one()
        job.status = "posting"  # the process died while the platform was being called
        session.add(job)
    assert await app.scheduler.recover() == 1
    assert await app.run_due() == 0
    assert (await statuses(app))["d"] == "interrupted"


async def test_a_job_claimed_but_not_yet_posted_runs_again_once(app) -> None:  # type: ignore[no-untyped-def]
    app.notifier = RecordingNotifier()
    await schedule(app, "f", timedelta(0))
    async with app.db.session() as session:
        job = (await session.exec(select(Job))).one()
        job.status = "running"  # the process died before anything was sent
        session.add(job)
    assert await app.scheduler.recover() == 0
    assert await app.run_due() == 1
    assert await app.run_due() == 0
    assert (await statuses(app))["f"] == "done" and len(app.notifier.posts) == 1


async def test_apscheduler_wakes_up_for_a_due_job(db) -> None:  # type: ignore[no-untyped-def]
    app = Outarde(db, clock=SystemClock())
    posted = asyncio.Event()

    class Notifier(RecordingNotifier):
        async def post(self, place, message):  # type: ignore[no-untyped-def]
            posted.set()
            return await super().post(place, message)

    app.notifier = Notifier()
    await app.scheduler.start()
    try:
        await schedule(app, "e", timedelta(milliseconds=300))
        await asyncio.wait_for(posted.wait(), timeout=10)
    finally:
        await app.scheduler.stop()
    assert (await statuses(app))["e"] == "done"


@registry.job("tests.again")
async def again(ctx: Ctx, job: Job) -> object:
    """Schedules itself again under the same key, one hour later."""
    await ctx.schedule("tests.again", job.key, ctx.now + timedelta(hours=1))
    return text_message(f"again {job.key}", ephemeral=False)


async def test_a_job_may_schedule_itself_again_under_its_key(app, clock) -> None:  # type: ignore[no-untyped-def]
    app.notifier = RecordingNotifier()
    async with app.db.session() as session:
        ctx = await app.context(session, PLACE, Actor("alice", "Alice"))
        await ctx.schedule("tests.again", "weekly", clock.now())
    assert await app.run_due() == 1
    assert (await statuses(app))["weekly"] == "pending"
    clock.advance(timedelta(hours=1))
    assert await app.run_due() == 1
    assert len(app.notifier.posts) == 2


async def test_a_later_wake_up_never_replaces_an_earlier_one(app, clock) -> None:  # type: ignore[no-untyped-def]
    scheduler = app.scheduler
    scheduler.aps = AsyncIOScheduler(timezone=UTC)
    scheduler.aps.start(paused=True)
    try:
        scheduler.wake([clock.now() + timedelta(hours=1)])  # a command scheduled work
        first = scheduler.aps.get_job("wakeup").next_run_time
        await scheduler._arm(clock.now() + timedelta(hours=2))  # a sweep found a later job
        assert scheduler.aps.get_job("wakeup").next_run_time == first
        scheduler.wake([clock.now() + timedelta(minutes=30)])
        assert scheduler.aps.get_job("wakeup").next_run_time < first
    finally:
        scheduler.aps.shutdown(wait=False)
        scheduler.aps = None
