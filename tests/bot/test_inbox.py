"""The inbox (bot/inbox.py): recorded once, taken over by exactly one process, settled with
the command's own changes, never settled by a process that lost it; the limits' arithmetic."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.inbox import LEASE, Inbox, Refusal, Ticket
from bot.limits import Buckets, Limiter, Limits, Rate
from storage import inbox as store
from testkit.fixtures import TEST_LIMITS


def later(minutes: float) -> Any:
    return lambda: datetime.now(UTC) + timedelta(minutes=minutes)


async def recorded(inbox: Inbox, key: str, person: str = "U1") -> Ticket:
    ticket = inbox.admit("console:t", person)
    assert isinstance(ticket, Ticket)
    assert await inbox.record(ticket, "command", key, {"text": key})
    return ticket


async def test_a_known_key_is_a_repeat(db) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(db, TEST_LIMITS)
    first = await recorded(inbox, "k1")
    again = inbox.admit("console:t", "U1")
    assert isinstance(again, Ticket)
    assert not await inbox.record(again, "command", "k1", {"text": "k1"})
    assert again.entry_id is None and first.entry_id is not None
    inbox.release(again)
    inbox.release(first)  # nothing ran: settled done by its turn
    await inbox.drain()
    assert await store.pending_count(db) == 0


async def test_an_orphaned_entry_is_taken_over_by_exactly_one_process(db) -> None:  # type: ignore[no-untyped-def]
    dead = Inbox(db, TEST_LIMITS)
    await recorded(dead, "orphan")  # its process died: never run, never renewed
    ran: list[tuple[str, dict[str, Any]]] = []
    others = [Inbox(db, TEST_LIMITS, now=later(LEASE.total_seconds() / 60 + 1)) for _ in range(4)]
    for inbox in others:
        inbox.serve(lambda kind, payload, inbox=inbox: _note(ran, inbox, kind, payload))
    counts = await asyncio.gather(*(inbox.sweep() for inbox in others))
    await asyncio.gather(*(inbox.drain() for inbox in others))
    assert sorted(counts) == [0, 0, 0, 1]
    assert [(kind, payload) for _, kind, payload in ran] == [("command", {"text": "orphan"})]
    assert await store.pending_count(db) == 0  # settled by the one that ran it
    assert sum(await asyncio.gather(*(inbox.sweep() for inbox in others))) == 0


async def _note(ran: list, inbox: Inbox, kind: str, payload: dict[str, Any]) -> None:  # type: ignore[type-arg]
    ran.append((inbox.holder, kind, payload))


async def test_a_live_process_keeps_its_entries(db) -> None:  # type: ignore[no-untyped-def]
    alive = Inbox(db, TEST_LIMITS, now=later(0))
    ticket = await recorded(alive, "mine")
    other = Inbox(db, TEST_LIMITS, now=later(LEASE.total_seconds() / 120))  # half a lease on
    other.serve(lambda kind, payload: asyncio.sleep(0))
    assert await other.sweep() == 0  # not stale yet
    alive.now = later(LEASE.total_seconds() / 60)  # the owner renews its lease in its sweep
    await alive.sweep()
    other.now = later(LEASE.total_seconds() / 60 * 1.5)
    assert await other.sweep() == 0  # renewed: still not stale
    alive.release(ticket)
    await alive.drain()


async def test_a_process_that_lost_its_entry_cannot_settle_it(db) -> None:  # type: ignore[no-untyped-def]
    slow = Inbox(db, TEST_LIMITS)
    ticket = await recorded(slow, "taken")
    taker = Inbox(db, TEST_LIMITS, now=later(LEASE.total_seconds() / 60 + 1))
    started = asyncio.Event()

    async def hold(kind: str, payload: dict[str, Any]) -> None:
        started.set()

    taker.serve(hold)
    assert await taker.sweep() == 1
    assert ticket.entry_id is not None
    async with db.session() as session:  # the slow process's command transaction
        assert not await store.settle(session, ticket.entry_id, slow.holder)
    await taker.drain()
    assert started.is_set() and await store.pending_count(db) == 0


async def test_the_core_settles_the_entry_with_the_commands_changes(db, clock) -> None:  # type: ignore[no-untyped-def]
    import io

    from adapters.console import ConsoleScreen
    from bot.compose import build_core
    from bot.context import Actor, Invocation, Place

    screen = ConsoleScreen(io.StringIO())
    core = build_core(db, screen, clock=clock, limits=TEST_LIMITS)  # type: ignore[arg-type]
    place = Place("console", "t", "general")
    ticket = core.inbox.admit(place.workspace_id, "U1")
    assert isinstance(ticket, Ticket)
    assert await core.inbox.record(ticket, "command", "c1", {})
    inv = Invocation(place, Actor("U1", "Alice"), "fr")
    core.inbox.run(ticket, core.command(inv, "faitsaillant", "Un fait", screen))  # type: ignore[arg-type]
    await core.inbox.drain()
    assert ticket.settled and not ticket.apart  # in the command's transaction, not after it
    assert core.inbox.settles.batches == 0
    assert await store.pending_count(db) == 0


def _console_core(db, clock, workers: int = 4):  # type: ignore[no-untyped-def]
    from bot.compose import build_core
    from testkit.doubles import Answers, RecordingNotifier

    limits = Limits(person=Rate(1000, 1), workspace=Rate(1000, 1), workers=workers)
    return build_core(db, RecordingNotifier(), clock=clock, limits=limits), Answers()


async def _commands(core, screen, people: list[str], text: str = "aide") -> list[Ticket]:  # type: ignore[no-untyped-def]
    """One recorded command of each person, all at once."""
    from bot.context import Actor, Invocation, Place

    place = Place("console", "t", "general")
    tickets = []
    for person in people:
        ticket = core.inbox.admit(place.workspace_id, person)
        assert isinstance(ticket, Ticket)
        assert await core.inbox.record(ticket, "command", secrets.token_hex(8), {})
        tickets.append(ticket)
    for person, ticket in zip(people, tickets, strict=True):
        inv = Invocation(place, Actor(person, person), "fr")
        core.inbox.run(ticket, core.command(inv, "outarde", text, screen))
    await core.inbox.drain()
    return tickets


async def test_entries_of_work_that_changed_nothing_are_settled_together(db, clock) -> None:  # type: ignore[no-untyped-def]
    """With one worker: a command waiting for its entry to be settled gives its slot to the
    next, so the entries of eight help requests are settled in fewer than eight writes."""
    core, screen = _console_core(db, clock, workers=1)
    people = [f"U{n}" for n in range(8)]
    await _commands(core, screen, people)  # each person's first command: seen, remembered
    before = core.inbox.settles.batches
    tickets = await _commands(core, screen, people)
    assert len(screen.sent) == 2 * len(people)  # every help was answered
    assert all(ticket.apart and ticket.settled for ticket in tickets)
    assert 1 <= core.inbox.settles.batches - before < len(people)
    assert await store.pending_count(db) == 0


def through_the_writer(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Records go to the batch writer (``inbox.records``), as when SQLite's connection is in
    use or on PostgreSQL, so that a test can stand in for its ``write``."""

    def not_now(db: Any, row: Any) -> int | None:
        raise store.NotNow

    monkeypatch.setattr(store, "record_now", not_now)


async def test_a_read_only_command_says_nothing_once_its_entry_was_taken(
    db, clock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import update

    from storage.models.inbox import InboxEntry

    core, screen = _console_core(db, clock)
    for _ in range(2):  # first contact: the workspace, then its settings, are stored
        await _commands(core, screen, ["U1"])
    said = len(screen.sent)
    assert said >= 1  # the help

    async def taken_over(rows: list[Any]) -> list[int | None]:
        ids = await store.record_many(db, rows)
        async with db.session() as session:  # another process took them over meanwhile
            await session.exec(update(InboxEntry).values(holder="another"))  # type: ignore[call-overload]
        return ids

    through_the_writer(monkeypatch)
    core.inbox.records.write = taken_over
    tickets = await _commands(core, screen, ["U1"])
    assert tickets[0].apart
    assert len(screen.sent) == said  # no answer: the process that owns it gives it
    assert await store.pending_count(db) == 1


async def test_a_batch_of_records_gives_each_entry_its_own_id(db) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from storage.models.inbox import InboxEntry

    now = datetime.now(UTC)
    keys = [f"key-{n}" for n in (5, 1, 4, 2, 3)]
    rows = [store.new_row("slack:T1", key, "command", key, "{}", "h", now) for key in keys]
    ids = await store.record_many(db, rows)
    async with db.session() as session:
        stored = dict((await session.exec(select(InboxEntry.id, InboxEntry.key))).all())
    assert [stored[entry_id] for entry_id in ids] == keys  # type: ignore[index]
    again = [store.new_row("slack:T1", "x", "command", k, "{}", "h", now) for k in ("new", "key-4")]
    first, known = await store.record_many(db, again)
    assert first is not None and known is None  # a known key: a retry; the other is stored


def test_limits_arithmetic() -> None:
    now = [0.0]
    buckets = Buckets(Rate(3, 30.0), now=lambda: now[0])
    for _ in range(3):
        assert buckets.available("a") >= 1
        buckets.take("a")
    assert buckets.available("a") < 1 and round(buckets.wait("a")) == 10
    now[0] = 10.0
    assert buckets.available("a") >= 1  # one every 10 s
    limiter = Limiter(Limits(person=Rate(1, 60), workspace=Rate(2, 60)), now=lambda: now[0])
    assert limiter.refusal("w", "a") is None
    assert limiter.refusal("w", "a") == ("person", 60.0)
    assert limiter.refusal("w", "b") is None  # a's refusals spent nothing of the workspace
    assert limiter.refusal("w", "c") == ("workspace", 30.0)
    assert Rate.parse("5/10", Rate(1, 1)) == Rate(5, 10.0)
    assert Rate.parse("beaucoup", Rate(1, 1)) == Rate(1, 1)
    env = {"OUTARDE_LIMIT_PERSON": "4/8", "OUTARDE_QUEUE_MAX": "7", "OUTARDE_WORKERS": "x"}
    limits = Limits.from_env(env)
    assert (limits.person, limits.queue_max, limits.workers) == (Rate(4, 8.0), 7, 4)


async def test_admission_is_bounded(db) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(db, Limits(person=Rate(100, 1), workspace=Rate(100, 1), queue_max=2))
    first, second = inbox.admit("w", "a"), inbox.admit("w", "b")
    assert isinstance(first, Ticket) and isinstance(second, Ticket)
    assert inbox.admit("w", "c") == Refusal("core.overloaded", 30)
    inbox.release(first)
    inbox.release(second)
    await inbox.drain()
    assert isinstance(inbox.admit("w", "c"), Ticket) and inbox.pending == 1


async def test_an_entry_that_keeps_killing_its_process_is_given_up(db) -> None:  # type: ignore[no-untyped-def]
    from bot.inbox import MAX_TAKEOVERS

    first = Inbox(db, TEST_LIMITS)
    await recorded(first, "poison")
    ran: list[tuple[str, dict[str, Any]]] = []
    for round_ in range(MAX_TAKEOVERS + 1):  # each taker dies while running it
        taker = Inbox(db, TEST_LIMITS, now=later((round_ + 1) * (LEASE.total_seconds() / 60 + 1)))
        assert len(await store.take_over(db, taker.holder, taker.now(), taker.now(), 10)) == 1
    last = Inbox(db, TEST_LIMITS, now=later(60))
    last.serve(lambda kind, payload: _note(ran, last, kind, payload))
    assert await last.sweep() == 1
    await last.drain()
    assert ran == [] and await store.pending_count(db) == 0


async def test_a_process_takes_over_only_the_kinds_it_serves(db) -> None:  # type: ignore[no-untyped-def]
    """A Slack and a Discord process on one database: each resumes its own platform's work."""
    dead = Inbox(db, TEST_LIMITS)
    for kind in ("command", "discord.command"):
        ticket = dead.admit("console:t", kind)
        assert isinstance(ticket, Ticket)
        assert await dead.record(ticket, kind, kind, {"text": kind})
    ran: list[tuple[str, dict[str, Any]]] = []
    slack = Inbox(db, TEST_LIMITS, now=later(LEASE.total_seconds() / 60 + 1))
    slack.serve(lambda kind, payload: _note(ran, slack, kind, payload), ("command",))
    assert await slack.sweep() == 1
    await slack.drain()
    assert [kind for _, kind, _ in ran] == ["command"]
    assert await store.pending_count(db) == 1  # the Discord entry waits for a Discord process
    discord = Inbox(db, TEST_LIMITS, now=later(LEASE.total_seconds() / 60 + 1))
    discord.serve(lambda kind, payload: _note(ran, discord, kind, payload), ("discord.command",))
    assert await discord.sweep() == 1
    await discord.drain()
    assert [kind for _, kind, _ in ran] == ["command", "discord.command"]
    assert await store.pending_count(db) == 0


async def test_work_waits_for_the_requests_being_taken_in(db) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(db, TEST_LIMITS)
    arrival = inbox.arrive()  # a request whose ack has not gone yet
    started = asyncio.Event()

    async def work() -> None:
        started.set()

    ticket = inbox.admit("slack:T1", "U1")
    assert isinstance(ticket, Ticket)
    inbox.run(ticket, work())
    await asyncio.sleep(0.05)
    assert not started.is_set()  # the ack goes first
    arrival.done()
    arrival.done()  # once only: another request's arrival is not counted off
    other = inbox.arrive()
    await asyncio.wait_for(started.wait(), 1.0)
    other.done()
    await inbox.drain()


async def test_work_waits_for_arrivals_only_so_long(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bot.inbox

    monkeypatch.setattr(bot.inbox, "ARRIVALS_WAIT", 0.05)
    inbox = Inbox(db, TEST_LIMITS)
    inbox.arrive()  # never acknowledged (a stream of requests that never pauses)
    ran: list[str] = []

    async def work() -> None:
        ran.append("ran")

    ticket = inbox.admit("slack:T1", "U1")
    assert isinstance(ticket, Ticket)
    await asyncio.wait_for(inbox.run(ticket, work()), 1.0)
    assert ran == ["ran"]


async def test_work_held_for_the_acks_starts_in_the_order_it_came(db) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(db, TEST_LIMITS)
    arrival = inbox.arrive()
    started: list[str] = []

    async def work(name: str) -> None:
        started.append(name)

    for n in range(6):
        ticket = inbox.admit("slack:T1", f"U{n}")
        assert isinstance(ticket, Ticket)
        inbox.run(ticket, work(f"w{n}"))
        await asyncio.sleep(0.001)  # each comes a moment after the previous
    assert started == []
    arrival.done()
    await inbox.drain()
    assert started == [f"w{n}" for n in range(6)]


async def test_a_record_the_database_refuses_leaves_the_work_to_run_unrecorded(
    db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    inbox = Inbox(db, TEST_LIMITS)
    through_the_writer(monkeypatch)

    async def unreachable(rows: list[Any]) -> list[int | None]:
        raise ConnectionError("database unreachable")

    inbox.records.write = unreachable
    ticket = inbox.admit("slack:T1", "U1")
    assert isinstance(ticket, Ticket)
    assert await inbox.record(ticket, "command", "k1", {}) is True  # still to run
    assert ticket.entry_id is None
    strict = inbox.admit("slack:T1", "U2")
    assert isinstance(strict, Ticket)
    with pytest.raises(ConnectionError):  # a form's submission is refused instead
        await inbox.record(strict, "view", "v1", {}, strict=True)
    for each in (ticket, strict):
        inbox.release(each)
    await inbox.drain()
