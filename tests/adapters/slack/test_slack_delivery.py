"""Scheduled posts to Slack: each carries its outbox token, and a post interrupted by a crash
is looked for in the channel's history before it is posted again (never twice, never lost)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import select

from adapters.slack.notifier import CALL_TIMEOUT, DELIVERY_EVENT, split_ref
from bot.app import Outarde
from bot.compose import build_core
from bot.context import Place
from bot.ctx import Ctx
from bot.messages import Attachment, Message, Section
from bot.outbox import RESUME_AFTER
from bot.router import Feature, Router
from storage.models import Job, Outbox, PostedMessage
from testkit.doubles import RecordingNotifier
from testkit.fixtures import core_like, router_with
from testkit.slack_standin import CHANNEL, TEAM, StandIn, make_slack_bot, slack_bot, standin

__all__ = ["slack_bot", "standin"]
PLACE = Place("slack", TEAM, CHANNEL)


TEST_JOBS = Feature("tests")


@pytest.fixture
def router() -> Router:
    return router_with(TEST_JOBS)


@TEST_JOBS.job("tests.slack_digest")
async def digest(ctx: Ctx, job: Job) -> Message:
    """A long digest (two Slack messages of 50 blocks at most) with a file, kept under a key."""
    sections = [Section(f"Fait saillant {n}") for n in range(60)]
    files = [Attachment("recolte.md", b"# Recolte\n", "text/markdown")]
    return Message(sections, "Récolte", key=f"digest:{job.key}", files=files)


async def schedule(app: Outarde, key: str) -> None:
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, None)
        await ctx.schedule("tests.slack_digest", key, app.clock.now())


def replica(db, clock, standin: StandIn) -> Outarde:  # type: ignore[no-untyped-def]
    """Another process on the same database, with its own Slack adapter."""
    app = build_core(db, RecordingNotifier(), clock=clock, router=router_with(TEST_JOBS))
    app = make_slack_bot(app, standin).core
    return app


async def outbox(app: Outarde) -> list[Outbox]:
    async with app.db.session() as session:
        return list((await session.exec(select(Outbox))).all())


def tokens(standin: StandIn) -> list[str]:
    """The delivery token of every message the channel holds, in order."""
    found = []
    for post in standin.history:
        metadata = post.get("metadata") or {}
        assert metadata.get("event_type") == DELIVERY_EVENT
        found.append(metadata["event_payload"]["token"])
    return found


async def die_while(app: Outarde, standin: StandIn, method: str) -> None:
    """Run due jobs and stop the process as soon as Slack has received ``method``."""
    standin.slow[method] = 30.0
    run = asyncio.create_task(app.run_due())
    await standin.wait_for(method)
    run.cancel()
    await asyncio.gather(run, return_exceptions=True)
    standin.slow.clear()


async def die_before_posting(app: Outarde) -> None:
    """Run due jobs and stop the process when it is about to call Slack."""
    calling = asyncio.Event()

    class Stuck(RecordingNotifier):
        async def post(self, place, message, delivery=None):  # type: ignore[no-untyped-def]
            calling.set()
            await asyncio.Event().wait()

    stuck = core_like(app)(Stuck())
    run = asyncio.create_task(stuck.run_due())
    await asyncio.wait_for(calling.wait(), 10)
    run.cancel()
    await asyncio.gather(run, return_exceptions=True)


async def test_a_scheduled_post_carries_its_token_on_every_part(slack_bot, standin, app) -> None:  # type: ignore[no-untyped-def]
    app = slack_bot.core  # the core the Slack adapter delivers through
    await schedule(app, "a")
    assert await app.run_due() == 1
    [row] = await outbox(app)
    assert row.status == "sent" and len(standin.posts()) >= 2
    assert tokens(standin) == [f"{row.token}.{n}" for n in range(len(standin.posts()))]
    assert split_ref(row.ref or "")[1] == standin.history[0]["ts"]
    assert [f["name"] for f in standin.shared] == ["recolte.md"]
    async with app.db.session() as session:  # kept to be updated in place
        posted = (await session.exec(select(PostedMessage))).one()
    assert posted.key == "digest:a" and posted.ref == row.ref
    assert not standin.of("conversations.history")  # a first attempt looks for nothing


async def test_a_post_slack_took_before_the_crash_is_found_not_resent(
    slack_bot, standin, app, db, clock
) -> None:  # type: ignore[no-untyped-def]
    app = slack_bot.core  # the core the Slack adapter delivers through
    standin.clock = lambda: clock.now().timestamp()
    await schedule(app, "b")
    await die_while(app, standin, "chat.postMessage")  # the first part reached Slack
    [row] = await outbox(app)
    assert row.status == "sending" and len(standin.posts()) == 1
    clock.advance(RESUME_AFTER)
    second = replica(db, clock, standin)
    await second.scheduler.recover()
    assert await second.run_due() == 0  # the job is done; its output is resumed
    [row] = await outbox(second)
    assert row.status == "sent" and split_ref(row.ref or "")[1] == standin.history[0]["ts"]
    parts = tokens(standin)
    assert parts == [f"{row.token}.{n}" for n in range(len(parts))] and len(parts) >= 2
    assert len(set(parts)) == len(parts)  # each part once
    assert [f["name"] for f in standin.shared] == ["recolte.md"]
    assert standin.of("conversations.history")[0]["include_all_metadata"] in (True, "true")


async def test_a_file_shared_before_the_crash_is_not_shared_again(
    slack_bot, standin, app, db, clock
) -> None:  # type: ignore[no-untyped-def]
    app = slack_bot.core  # the core the Slack adapter delivers through
    standin.clock = lambda: clock.now().timestamp()
    await schedule(app, "c")
    await die_while(app, standin, "files.completeUploadExternal")
    posts = len(standin.posts())
    clock.advance(RESUME_AFTER)
    second = replica(db, clock, standin)
    await second.run_due()
    [row] = await outbox(second)
    assert row.status == "sent" and len(standin.posts()) == posts
    assert [f["name"] for f in standin.shared] == ["recolte.md"]


async def test_a_post_that_never_reached_slack_is_sent_after_the_crash(
    slack_bot, standin, app, db, clock
) -> None:  # type: ignore[no-untyped-def]
    app = slack_bot.core  # the core the Slack adapter delivers through
    standin.clock = lambda: clock.now().timestamp()
    await schedule(app, "d")
    await die_before_posting(app)
    assert standin.posts() == []
    second = replica(db, clock, standin)
    assert await second.run_due() == 0
    assert standin.posts() == []  # a post may still be under way: wait before resuming
    clock.advance(RESUME_AFTER)
    await second.run_due()
    [row] = await outbox(second)
    assert row.status == "sent" and len(standin.posts()) >= 2
    assert len(standin.of("conversations.history")) == 1


async def test_slack_failing_is_retried_with_backoff_and_never_doubled(
    slack_bot, standin, app, clock
) -> None:  # type: ignore[no-untyped-def]
    app = slack_bot.core  # the core the Slack adapter delivers through
    standin.clock = lambda: clock.now().timestamp()
    standin.fail("chat.postMessage", error="channel_not_found", times=1)
    await schedule(app, "e")
    await app.run_due()
    [row] = await outbox(app)
    assert row.status == "queued" and row.attempts == 1 and standin.history == []
    assert "channel_not_found" in (row.last_error or "")
    await app.run_due()
    assert (await outbox(app))[0].status == "queued"  # not before its backoff
    clock.advance(timedelta(seconds=30))
    await app.run_due()
    [row] = await outbox(app)
    assert row.status == "sent" and len(set(tokens(standin))) == len(standin.history) >= 2


async def test_a_process_whose_delivery_was_taken_over_posts_nothing_more(
    slack_bot, standin, app, db, clock, caplog
) -> None:  # type: ignore[no-untyped-def]
    """A leader held up by a rate limit past the take-over finds its lease gone, and stops."""
    app = slack_bot.core  # the core the Slack adapter delivers through
    standin.clock = lambda: clock.now().timestamp()
    held, release = asyncio.Event(), asyncio.Event()

    async def held_up(seconds: float) -> None:
        held.set()
        await release.wait()

    slack_bot.notifier.sleep = held_up
    standin.fail("chat.postMessage", status=429, retry_after=30)
    await schedule(app, "f")
    first = asyncio.create_task(app.run_due())
    await asyncio.wait_for(held.wait(), 10)  # told to wait 30 s before its first part
    clock.advance(RESUME_AFTER)
    second = replica(db, clock, standin)
    await second.run_due()  # takes the delivery over and posts it
    [row] = await outbox(second)
    assert row.status == "sent" and row.holder == second.scheduler.sender.holder
    delivered = tokens(standin)
    release.set()
    assert await asyncio.wait_for(first, 10) == 1
    assert tokens(standin) == delivered  # the first process posted nothing after its wait
    assert delivered == [f"{row.token}.{n}" for n in range(len(delivered))]
    assert [f["name"] for f in standin.shared] == ["recolte.md"]
    [after] = await outbox(app)
    assert after.status == "sent" and after.ref == row.ref
    assert "delivery taken over by another process" in caplog.text


async def test_a_delivery_renews_its_lease_before_each_post(
    slack_bot, standin, app, db, clock
) -> None:  # type: ignore[no-untyped-def]
    """A slow leader that keeps its lease is not overtaken: each post moves ``leased_at``."""
    app = slack_bot.core  # the core the Slack adapter delivers through
    standin.clock = lambda: clock.now().timestamp()
    started = clock.now()
    waits: list[float] = []

    async def slow_wait(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(timedelta(seconds=seconds))  # the wait passes on the shared clock

    slack_bot.notifier.sleep = slow_wait
    standin.fail("chat.postMessage", status=429, retry_after=20)
    await schedule(app, "g")
    await app.run_due()
    [row] = await outbox(app)
    assert waits == [20] and row.status == "sent"
    assert row.leased_at is not None and row.leased_at >= started + timedelta(seconds=20)
    assert len(set(tokens(standin))) == len(standin.history) >= 2


def test_one_slack_call_ends_before_a_delivery_may_be_taken_over(slack_bot) -> None:  # type: ignore[no-untyped-def]
    assert slack_bot.client.timeout == CALL_TIMEOUT < RESUME_AFTER.total_seconds()


async def test_a_slow_upload_is_cut_off_and_tried_again_under_a_renewed_lease(
    slack_bot, standin, app, clock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Every request of a file upload counts against one attempt's time limit."""
    app = slack_bot.core  # the core the Slack adapter delivers through
    import adapters.slack.notifier as notifier

    monkeypatch.setattr(notifier, "CALL_TIMEOUT", 0.5)
    standin.clock = lambda: clock.now().timestamp()
    standin.slow["files.getUploadURLExternal"] = 3.0  # longer than an attempt may last
    await schedule(app, "h")
    run = asyncio.create_task(app.run_due())
    await standin.wait_for("files.getUploadURLExternal")
    standin.slow.clear()  # Slack answers in time again
    assert await asyncio.wait_for(run, 10) == 1
    [row] = await outbox(app)
    assert row.status == "sent" and row.holder == slack_bot.core.scheduler.sender.holder
    assert len(standin.of("files.getUploadURLExternal")) == 2  # cut off once, then again
    assert [f["name"] for f in standin.shared] == ["recolte.md"]
