"""Scheduled work: due jobs run once, failures retry, APScheduler wakes us in time."""

from __future__ import annotations

import asyncio
from datetime import UTC, timedelta

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlmodel import select

from bot.app import Outarde
from bot.clock import SystemClock
from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from bot.ctx import Ctx
from bot.messages import Message, Update, text_message
from bot.outbox import MAX_ATTEMPTS, RESUME_AFTER
from bot.router import Feature, Router
from storage.models import Job, Outbox
from testkit.doubles import Answers, RecordingNotifier
from testkit.fixtures import core_like, router_with

PLACE = Place("console", "t1", "general")
FAILURES: dict[str, int] = {}


TEST_JOBS = Feature("tests")


@pytest.fixture
def router() -> Router:
    return router_with(TEST_JOBS)


@TEST_JOBS.job("tests.echo")
async def echo(ctx: Ctx, job: Job) -> object:
    """Posts the job's key; fails as many times as FAILURES says first."""
    if FAILURES.get(job.key, 0) > 0:
        FAILURES[job.key] -= 1
        raise RuntimeError("platform down")
    return text_message(f"echo {job.key} in {ctx.place.channel}", ephemeral=False)


async def schedule(app: Outarde, key: str, delay: timedelta, channel: str = "general") -> None:
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, Actor("alice", "Alice"))
        await ctx.schedule("tests.echo", key, app.clock.now() + delay, channel=channel)
    app.scheduler.wake(ctx.scheduled)


async def statuses(app: Outarde) -> dict[str, str]:
    async with app.db.session() as session:
        return {j.key: j.status for j in (await session.exec(select(Job))).all()}


async def test_a_job_runs_once_when_due(app, clock) -> None:  # type: ignore[no-untyped-def]
    notifier = app.notifier
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
    FAILURES["c"] = 2
    await schedule(app, "c", timedelta(0))
    assert await app.run_due() == 1  # failed once, rescheduled 30 s later
    assert (await statuses(app))["c"] == "pending" and not app.notifier.posts
    clock.advance(timedelta(seconds=30))
    assert await app.run_due() == 1  # failed twice, rescheduled 1 min later
    clock.advance(timedelta(minutes=1))
    assert await app.run_due() == 1
    assert (await statuses(app))["c"] == "done" and len(app.notifier.posts) == 1


async def outbox(app: Outarde) -> list[Outbox]:
    async with app.db.session() as session:
        return list((await session.exec(select(Outbox).order_by(Outbox.id))).all())


async def crash_while_posting(app: Outarde, *, platform_took_it: bool) -> RecordingNotifier:
    """Run due jobs; the process dies during the platform call (after the platform has the
    post, or before). Returns the platform, as the next process will find it."""
    platform = RecordingNotifier()
    calling = asyncio.Event()

    class Dying(RecordingNotifier):
        async def post(self, place, message, delivery=None):  # type: ignore[no-untyped-def]
            if platform_took_it:
                await platform.post(place, message, delivery)
            calling.set()
            await asyncio.Event().wait()  # the answer never comes back

    dying = core_like(app)(Dying())
    run = asyncio.create_task(dying.run_due())
    await asyncio.wait_for(calling.wait(), 10)
    run.cancel()
    await asyncio.gather(run, return_exceptions=True)
    return platform


async def test_a_post_the_platform_took_before_a_crash_is_not_resent(db, app, clock) -> None:  # type: ignore[no-untyped-def]
    await schedule(app, "d", timedelta(0))
    platform = await crash_while_posting(app, platform_took_it=True)
    assert (await statuses(app))["d"] == "done" and len(platform.posts) == 1
    [row] = await outbox(app)
    assert row.status == "sending" and row.ref is None
    restarted = build_core(db, platform, clock=clock, router=router_with(TEST_JOBS))
    assert await restarted.scheduler.recover() == 0
    await restarted.run_due()
    assert (await outbox(restarted))[0].status == "sending"  # maybe still under way: wait
    clock.advance(RESUME_AFTER)
    await restarted.run_due()
    [row] = await outbox(restarted)
    assert row.status == "sent" and row.ref == "general:1" and len(platform.posts) == 1


async def test_a_post_lost_in_a_crash_is_sent_once_after_it(db, app, clock) -> None:  # type: ignore[no-untyped-def]
    await schedule(app, "g", timedelta(0))
    platform = await crash_while_posting(app, platform_took_it=False)
    assert platform.posts == []
    clock.advance(RESUME_AFTER)
    restarted = build_core(db, platform, clock=clock, router=router_with(TEST_JOBS))
    await restarted.run_due()
    await restarted.run_due()
    assert [m.text for _, m in platform.posts] == ["echo g in general"]
    assert (await outbox(restarted))[0].status == "sent"


SLOW = {"started": asyncio.Event(), "go": asyncio.Event()}


@TEST_JOBS.job("tests.slow")
async def slow(ctx: Ctx, job: Job) -> object:
    """Schedules something, then waits to be let go."""
    await ctx.schedule("tests.echo", "side effect", ctx.now + timedelta(days=1))
    SLOW["started"].set()
    await SLOW["go"].wait()
    return text_message("slow", ephemeral=False)


@TEST_JOBS.job("tests.update")
async def refresh(ctx: Ctx, job: Job) -> object:
    return Update("card", text_message("nouvelle version", ephemeral=False))


async def test_a_handler_cut_short_leaves_no_output_and_runs_again(db, app, clock) -> None:  # type: ignore[no-untyped-def]
    SLOW.update(started=asyncio.Event(), go=asyncio.Event())
    started, never = SLOW["started"], SLOW["go"]
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, None)
        await ctx.schedule("tests.slow", "s", clock.now())
    run = asyncio.create_task(app.run_due())
    await asyncio.wait_for(started.wait(), 10)
    run.cancel()  # the process dies inside the handler's transaction
    await asyncio.gather(run, return_exceptions=True)
    assert await statuses(app) == {"s": "running"} and await outbox(app) == []
    restarted = build_core(db, RecordingNotifier(), clock=clock, router=router_with(TEST_JOBS))
    assert await restarted.scheduler.recover() == 1
    never.set()
    assert await restarted.run_due() == 1
    assert await statuses(restarted) == {"s": "done", "side effect": "pending"}
    assert [m.text for _, m in restarted.notifier.posts] == ["slow"]


async def test_a_leader_whose_claim_was_taken_back_commits_nothing(db, app, clock) -> None:  # type: ignore[no-untyped-def]
    """A slow leader replaced meanwhile: its handler's work and outputs are rolled back."""
    await schedule(app, "h", timedelta(0))
    async with app.db.session() as session:
        job = (await session.exec(select(Job))).one()
        job.status = "running"  # claimed by the slow leader…
        session.add(job)
    replacement = build_core(db, RecordingNotifier(), clock=clock, router=router_with(TEST_JOBS))
    await replacement.scheduler.recover()  # …taken back by the new one, and run
    assert await replacement.run_due() == 1
    await app.scheduler._run_claimed(job)  # the slow leader's handler finishes late
    assert len(replacement.notifier.posts) == 1 and app.notifier.posts == []
    assert len(await outbox(app)) == 1


async def test_a_failing_post_is_retried_then_abandoned_and_logged(app, clock, caplog) -> None:  # type: ignore[no-untyped-def]
    class Down(RecordingNotifier):
        async def post(self, place, message, delivery=None):  # type: ignore[no-untyped-def]
            self.tries = getattr(self, "tries", 0) + 1
            raise ConnectionError("platform down")

    app = core_like(app)(Down())
    await schedule(app, "i", timedelta(0))
    for _ in range(MAX_ATTEMPTS):
        await app.run_due()
        clock.advance(timedelta(hours=1))
    [row] = await outbox(app)
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS == app.notifier.tries
    assert "delivery abandoned" in caplog.text
    await app.run_due()
    assert app.notifier.tries == MAX_ATTEMPTS


async def test_an_update_waits_in_the_outbox_like_a_post(app, clock) -> None:  # type: ignore[no-untyped-def]
    await app.courier.deliver(PLACE, [Message([], "carte", key="card")], Answers())
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, None)
        await ctx.schedule("tests.update", "u", clock.now())
    assert await app.run_due() == 1
    [(_, ref, message)] = app.notifier.updates
    assert ref == "ref1" and message.text == "nouvelle version"
    assert (await outbox(app))[0].status == "sent"


async def test_apscheduler_wakes_up_for_a_due_job(db) -> None:  # type: ignore[no-untyped-def]
    app = build_core(db, RecordingNotifier(), clock=SystemClock(), router=router_with(TEST_JOBS))
    posted = asyncio.Event()

    class Notifier(RecordingNotifier):
        async def post(self, place, message, delivery=None):  # type: ignore[no-untyped-def]
            posted.set()
            return await super().post(place, message, delivery)

    app = core_like(app)(Notifier())
    await app.scheduler.start()
    try:
        await schedule(app, "e", timedelta(milliseconds=300))
        await asyncio.wait_for(posted.wait(), timeout=10)
    finally:
        await app.scheduler.stop()
    assert (await statuses(app))["e"] == "done"


@TEST_JOBS.job("tests.again")
async def again(ctx: Ctx, job: Job) -> object:
    """Schedules itself again under the same key, one hour later."""
    await ctx.schedule("tests.again", job.key, ctx.now + timedelta(hours=1))
    return text_message(f"again {job.key}", ephemeral=False)


async def test_a_job_may_schedule_itself_again_under_its_key(app, clock) -> None:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, Actor("alice", "Alice"))
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


async def test_sent_outputs_are_kept_a_week_then_deleted(app, clock) -> None:  # type: ignore[no-untyped-def]
    await schedule(app, "j", timedelta(0))
    await app.run_due()
    clock.advance(timedelta(days=6))
    assert await app.scheduler.sender.prune() == 0
    clock.advance(timedelta(days=2))
    assert await app.scheduler.sender.prune() == 1 and await outbox(app) == []


async def test_a_row_finished_while_it_was_being_taken_over_stays_finished(app, clock) -> None:  # type: ignore[no-untyped-def]
    """Between the leader's look for expired leases and its claim, the holder marked it sent."""
    await schedule(app, "k", timedelta(0))
    await app.run_due()
    [row] = await outbox(app)
    assert row.status == "sent"
    clock.advance(RESUME_AFTER * 2)  # its lease is long past: only its status keeps it
    sender = app.scheduler.sender
    async with app.db.session() as session:
        everything = select(Outbox.id)  # what the look found, before the holder finished
        taken = await sender._lease(
            session, everything, sender.lease_expired(clock.now()), holder="other"
        )
    assert taken == set()
    [row] = await outbox(app)
    assert row.status == "sent" and row.holder == sender.holder


async def test_a_core_that_loads_its_features_at_first_use_runs_what_falls_due(db, clock) -> None:  # type: ignore[no-untyped-def]
    """The console's core: nothing due, nothing loaded; a job due loads the features and runs."""
    from typing import cast

    from bot.router import DeferredRouter

    scheduling = build_core(db, RecordingNotifier(), clock=clock, router=router_with(TEST_JOBS))
    await schedule(scheduling, "late", timedelta(hours=1))
    deferred = DeferredRouter(lambda: router_with(TEST_JOBS))
    notifier = RecordingNotifier()
    app = build_core(db, notifier, clock=clock, router=cast(Router, deferred))
    assert await app.run_due() == 0 and not deferred.built
    clock.advance(timedelta(hours=1))
    assert await app.run_due() == 1 and deferred.built
    assert "echo late in general" in notifier.posts[0][1].blocks[0].text


async def test_the_console_core_loads_its_features_at_the_first_command(db, clock) -> None:  # type: ignore[no-untyped-def]
    app = build_core(db, RecordingNotifier(), clock=clock, features_at_first_use=True)
    assert not app.router.built
    await app.run_due()
    assert not app.router.built
    answers = Answers()
    alice = Invocation(PLACE, Actor("alice", "Alice"))
    await app.command(alice, "faitsaillant", "Halte ouverte #famille", answers)
    assert app.router.built and "Fait saillant" in answers.text
