"""The inbox: work taken in from people, admitted, recorded, run in order and exactly once.

Every adapter takes in a command, click or form the same way:

1. ``admit`` (in memory, never waits): the rate limits of the person and of the workspace
   and the bound of the queue (bot/limits.py); a refusal is a clear message for the ack;
2. ``record`` (adapters whose platform forgets a request once acknowledged: Slack): the
   request is written to the ``inbox`` table before (or, on a busy database, as) it is
   acknowledged; its key, unique, recognises a platform's retry. On SQLite, a record that
   finds the connection free is written at once, before ``record`` returns (under a burst,
   waiting for the writer's turn means waiting for every request parsed meanwhile).
   Otherwise (PostgreSQL, a connection in use) the records of concurrent requests are
   written together, in one transaction (storage/group_commit.py): each request learns its
   record is stored once that transaction committed;
3. ``run``: the work waits for the person's previous work (one person's commands run in the
   order they came), then, briefly, for the requests being taken in (``arrive``: an
   adapter's request counts from its arrival until its ack, and the work starts once none
   came or went for a few milliseconds, so during a burst the acks go out before the work;
   at most ``ARRIVALS_WAIT``), then for one of the ``workers``
   slots (the core's work is bounded, so what is finished sends its reply while the rest
   waits), then runs. The core settles the entry ``done`` inside the command's own
   transaction (``settle``): a process that dies before that commit leaves the entry
   ``pending``, with nothing of it saved. Work whose transaction changed nothing (a help,
   a list, a look-up: storage/writes.py) has nothing to commit with its entry: the entry
   is settled right after, together with the others of the moment, in one transaction
   (``settled``), and the answer goes out once that committed;
4. the sweep (every few seconds): renews this process's lease on its pending entries, and
   takes over (a conditional UPDATE, as for jobs) the pending entries of a process that
   stopped renewing them, which the adapter's ``runner`` runs again from their payload. On
   SQLite (one process) a new process takes over every pending entry as it starts.

So an acknowledged command runs once: never lost by a stop or a crash, never twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import math
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Coroutine, Generator, Hashable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.compact_json import compact_json
from bot.failures import log_failure
from bot.i18n import t
from bot.limits import Limiter, Limits
from storage import inbox as store
from storage.db import Database
from storage.group_commit import GroupCommit, resolve, retrieved
from storage.models.inbox import InboxEntry

log = logging.getLogger("outarde.inbox")
SWEEP_SECONDS = 5.0
LEASE = timedelta(seconds=30)  # a process that has not renewed its lease for this long is gone
KEEP_DONE = timedelta(hours=1)  # settled entries are kept this long (a retry is recognised)
OVERLOADED_WAIT = 30  # seconds the person is asked to wait when the queue is full
RECORD_WINDOW = 0.0  # seconds a batch's first record waits for others (0: one loop turn's)
ARRIVALS_WAIT = 0.25  # seconds work waits at most for the requests being taken in (acks first)
ARRIVALS_CALM = 0.003  # seconds without a request coming or going before the work starts
MAX_TAKEOVERS = 3  # an entry whose process died this many times is not run again (logged)
Runner = Callable[[str, dict[str, Any]], Coroutine[Any, Any, Any]]


def wall_clock() -> datetime:
    return datetime.now(UTC)


def request_key(key: Hashable) -> str:
    """What identifies a request, as the same 64 characters in every process."""
    return hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Refusal:
    """Work not taken in: over a rate limit, or the queue is full."""

    key: str  # core.limited_person, core.limited_workspace, core.overloaded
    seconds: int

    def text(self, language: str) -> str:
        return "⏳ " + t(language, self.key, seconds=self.seconds)


@dataclass(eq=False)
class Ticket:
    """One piece of work admitted: its place in its person's lane, its inbox entry."""

    workspace: str
    person: str
    after: asyncio.Future[None] | None  # the person's previous work
    done: asyncio.Future[None]
    entry_id: int | None = None
    settled: bool = False
    apart: bool = False  # its work changed nothing: settled after its transaction, with others
    slot: bool = False  # it holds one of the ``workers`` slots
    resumed: bool = False
    started: bool = field(default=False, repr=False)


CURRENT: ContextVar[Ticket | None] = ContextVar("outarde_inbox_ticket", default=None)


class Arrival:
    """A request being taken in, until its ack (``done``, once; later calls do nothing)."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox: Inbox | None = inbox

    def done(self) -> None:
        if self._inbox is not None:
            self._inbox._arrived()
            self._inbox = None


class Recording:
    """An inbox entry being written: ``stored`` is True once its transaction committed (or
    the database failed: the work runs unrecorded), False for a known key (a retry)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.stored: asyncio.Future[bool] = loop.create_future()
        self.stored.add_done_callback(retrieved)  # an error is told to whoever waits, if any
        self._waiters: list[asyncio.Future[None]] = []

    def end(self, stored: bool, error: BaseException | None = None) -> None:
        """Called by the writer itself: whoever waits wakes at the next turn of the loop."""
        resolve(self.stored, stored, error)
        for waiter in self._waiters:
            _wake(waiter)
        self._waiters.clear()

    def __await__(self) -> Generator[Any, None, bool]:
        """``await recording``: whether it is stored (a caller that stops waiting leaves the
        write going on)."""
        return asyncio.shield(self.stored).__await__()

    async def within(self, seconds: float) -> None:
        """Wait until the entry is written, or ``seconds`` passed (the write goes on)."""
        if self.stored.done():
            return
        waiter: asyncio.Future[None] = self.loop.create_future()
        self._waiters.append(waiter)
        timer = self.loop.call_later(seconds, _wake, waiter)
        try:
            await waiter
        finally:
            timer.cancel()


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class Superseded(Exception):
    """Another process took this entry over: this one must save and say nothing of it."""


class Inbox:
    """Admits, records and runs the work of people (see the module's docstring)."""

    def __init__(
        self,
        db: Database,
        limits: Limits | None = None,
        *,
        now: Callable[[], datetime] = wall_clock,
    ) -> None:
        self.db = db
        self.limits = limits or Limits.from_env()
        self.limiter = Limiter(self.limits)
        self.now = now
        self.holder = secrets.token_hex(8)  # this process, in the entries it owns
        self.tasks: set[asyncio.Task[None]] = set()
        self._lanes: dict[tuple[str, str], asyncio.Future[None]] = {}
        self._slots: asyncio.Semaphore | None = None
        self._pending = 0
        self._mine: set[int] = set()
        self._unsettled: set[int] = set()  # finished here, not yet marked done (database down)
        self._runner: Runner | None = None
        self._kinds: frozenset[str] | None = None
        self._sweeper: asyncio.Task[None] | None = None
        self._pruned: datetime | None = None
        self._told: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._arriving = 0  # requests being taken in (``arrive``), not yet acknowledged
        self._quiet: asyncio.Event | None = None
        self._calm_at = 0.0  # time.monotonic() from which no request came or went for a moment
        self._held: deque[tuple[float, asyncio.Future[None]]] = deque()  # work at the gate
        self._keeper: asyncio.Task[None] | None = None
        # the records of concurrent requests go in one transaction (group commit)
        self.records: GroupCommit[store.Row, int | None] = GroupCommit(
            lambda rows: store.record_many(self.db, rows), window=RECORD_WINDOW
        )
        # so are the settles of work that changed nothing (each: whether it still owned it)
        self.settles: GroupCommit[int, bool] = GroupCommit(
            lambda ids: store.settle_many(self.db, ids, self.holder)
        )

    @property
    def pending(self) -> int:
        """Work admitted and not finished in this process."""
        return self._pending

    # -- taking work in -----------------------------------------------------------------
    def admit(self, workspace: str, person: str, *, limited: bool = True) -> Ticket | Refusal:
        """A place in the person's lane, or why not (never waits, touches no database)."""
        if self._pending >= self.limits.queue_max:
            self._note_refusal(workspace, person, "overloaded")
            return Refusal("core.overloaded", OVERLOADED_WAIT)
        if limited:
            held = self.limiter.refusal(workspace, person)
            if held is not None:
                which, wait = held
                self._note_refusal(workspace, person, which)
                return Refusal(f"core.limited_{which}", max(1, math.ceil(wait)))
        return self._reserve(workspace, person)

    def arrive(self) -> Arrival:
        """A request is being taken in: the work waits for its ack (``Arrival.done``)."""
        self._arriving += 1
        self._calm_at = time.monotonic() + ARRIVALS_CALM
        return Arrival(self)

    def _arrived(self) -> None:
        self._arriving -= 1
        self._calm_at = time.monotonic() + ARRIVALS_CALM
        if self._arriving == 0 and self._quiet is not None:
            self._quiet.set()

    async def _acks_first(self) -> None:
        """Wait until no request is being taken in and none came or went for a moment
        (``ARRIVALS_CALM``; at most ``ARRIVALS_WAIT``): the acks of a burst are not held up
        by the work of its first requests. The work held is let go in the order it came."""
        if not self._held and self._arriving == 0 and time.monotonic() >= self._calm_at:
            return
        held: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._held.append((time.monotonic() + ARRIVALS_WAIT, held))
        if self._keeper is None or self._keeper.done():
            self._keeper = asyncio.create_task(self._keep_gate())
        await asyncio.shield(held)

    async def _keep_gate(self) -> None:
        """Lets the held work go, oldest first, once the requests calm down."""
        while self._held:
            now = time.monotonic()
            give_up = self._held[0][0]
            if now >= give_up or (self._arriving == 0 and now >= self._calm_at):
                while self._held and (
                    now >= self._held[0][0] or (self._arriving == 0 and now >= self._calm_at)
                ):
                    _, held = self._held.popleft()
                    if not held.done():
                        held.set_result(None)
                continue
            if self._arriving == 0:
                await asyncio.sleep(min(self._calm_at, give_up) - now)
                continue
            if self._quiet is None:
                self._quiet = asyncio.Event()
            self._quiet.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), give_up - now)

    def _reserve(self, workspace: str, person: str) -> Ticket:
        lane = (workspace, person)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        ticket = Ticket(workspace, person, self._lanes.get(lane), done)
        self._lanes[lane] = done
        self._pending += 1
        return ticket

    def _note_refusal(self, workspace: str, person: str, which: str) -> None:
        """One log line per person and limit a minute, not one per refused request."""
        key = (workspace, person)
        now = asyncio.get_running_loop().time()
        if now - self._told.get(key, -math.inf) < 60:
            return
        self._told.pop(key, None)
        self._told[key] = now
        while len(self._told) > 1000:
            self._told.popitem(last=False)
        log.warning("work refused", extra={"workspace": workspace, "limit": which})

    def record(
        self,
        ticket: Ticket,
        kind: str,
        key: Hashable,
        payload: dict[str, Any],
        *,
        strict: bool = False,
    ) -> Recording:
        """Start writing the entry of ``ticket``; awaited, True once stored, False when its
        key is known (a retry: ``release`` the ticket). A database that fails leaves the work
        unrecorded, still to run (or, ``strict``, raises: the adapter refuses the work)."""
        row = store.new_row(
            ticket.workspace,
            ticket.person,
            kind,
            request_key(key),
            compact_json(payload).decode(),
            self.holder,
            self.now(),
        )
        recording = Recording(asyncio.get_running_loop())

        def then(entry_id: int | None, error: BaseException | None) -> None:
            if error is not None and not strict and not isinstance(error, asyncio.CancelledError):
                log_failure(log, "inbox: could not record", error)
                recording.end(True)  # the work runs unrecorded
                return
            if entry_id is not None:
                ticket.entry_id = entry_id
                self._mine.add(entry_id)
            recording.end(entry_id is not None, error)

        try:  # SQLite, nothing holding the connection: at once, no turn to wait
            then(store.record_now(self.db, row), None)
            return recording
        except store.NotNow:
            pass
        self.records.submit_soon(row, then)
        return recording

    def run(self, ticket: Ticket, work: Coroutine[Any, Any, Any]) -> asyncio.Task[None]:
        """Run ``work`` in its turn (after the person's previous work, in a free slot)."""
        ticket.started = True
        task = asyncio.create_task(self._turn(ticket, work))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    def release(self, ticket: Ticket) -> asyncio.Task[None]:
        """Give back a ticket whose work will not run (a retry): its turn passes."""
        return self.run(ticket, _nothing())

    async def _turn(self, ticket: Ticket, work: Coroutine[Any, Any, Any]) -> None:
        CURRENT.set(ticket)
        ended = False  # the work ran to its end (or failed): not cut off by a stop
        try:
            if ticket.after is not None:
                await asyncio.shield(ticket.after)
            await self._acks_first()
            if self._slots is None:
                self._slots = asyncio.Semaphore(self.limits.workers)
            await self._slots.acquire()
            ticket.slot = True
            ended = True  # from here, a failure of the work is its end
            await work
        except Exception as error:
            log_failure(log, "inbox: work failed", error)
        except asyncio.CancelledError:
            ended = False  # stopped mid-way: the entry stays pending, the next process runs it
            raise
        finally:
            self._free_slot(ticket)
            work.close()  # never awaited when its turn failed: no warning
            await self._close(ticket, settle=ended)

    def _free_slot(self, ticket: Ticket) -> None:
        """The ticket's work no longer computes (it ended, or waits for its entry to be
        settled with others): another may take its slot."""
        if ticket.slot and self._slots is not None:
            ticket.slot = False
            self._slots.release()

    async def _close(self, ticket: Ticket, *, settle: bool) -> None:
        try:
            if settle and ticket.entry_id is not None and not ticket.settled:
                # work that saved nothing (a refusal, a repeat, a failure) is done too
                await self.settles.submit(ticket.entry_id)
        except Exception as error:  # marked done by a later sweep of this process
            log_failure(log, "inbox: could not settle", error, entry=ticket.entry_id)
            if ticket.entry_id is not None:
                self._unsettled.add(ticket.entry_id)
        finally:
            if ticket.entry_id is not None:
                self._mine.discard(ticket.entry_id)
            lane = (ticket.workspace, ticket.person)
            if self._lanes.get(lane) is ticket.done:
                del self._lanes[lane]
            if not ticket.done.done():
                ticket.done.set_result(None)
            self._pending -= 1

    # -- what the core calls inside a command's transaction ------------------------------
    async def settle(self, session: AsyncSession) -> None:
        """Mark the current entry done in ``session`` (the command's transaction) when that
        transaction changed anything; raises Superseded when another process took it over.
        The entry of work that changed nothing is settled by ``settled``."""
        ticket = CURRENT.get()
        if ticket is None or ticket.entry_id is None or ticket.settled:
            return
        if ticket.entry_id not in self._mine:
            return  # another inbox's entry (two cores in one process: tests)
        ticket.apart = not self.db.wrote(session)
        if not ticket.apart and not await store.settle(session, ticket.entry_id, self.holder):
            raise Superseded(ticket.entry_id)

    async def settled(self) -> None:
        """The command's transaction committed: its entry is done. The entry of work that
        changed nothing is marked done now, in one transaction with the others of the
        moment (its slot goes to the next work meanwhile); raises Superseded when another
        process took it over (say nothing)."""
        ticket = CURRENT.get()
        if ticket is None or ticket.entry_id not in self._mine or ticket.settled:
            return
        if ticket.apart:
            self._free_slot(ticket)
            if not await self.settles.submit(ticket.entry_id):
                ticket.settled = True  # not ours to settle any more
                raise Superseded(ticket.entry_id)
        ticket.settled = True

    # -- resuming what a stopped process left --------------------------------------------
    def serve(self, runner: Runner, kinds: Iterable[str] | None = None) -> None:
        """How this adapter runs an entry again from its kind and payload; with ``kinds``,
        only entries of those kinds are taken over (a Slack and a Discord process may share
        one database: each resumes its own platform's work)."""
        self._runner = runner
        self._kinds = None if kinds is None else frozenset(kinds)

    async def start(self) -> None:
        """Take over what a stopped process left, then sweep every few seconds."""
        try:
            await self.sweep(at_start=True)
        except Exception as error:
            log_failure(log, "inbox: sweep failed", error)
        if self._sweeper is None:
            self._sweeper = asyncio.create_task(self._sweep_forever())

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None

    async def drain(self) -> None:
        """Wait until every piece of work taken in has finished."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                await self.sweep()
            except Exception as error:
                log_failure(log, "inbox: sweep failed", error)

    async def sweep(self, *, at_start: bool = False) -> int:
        """Renew this process's leases, take over orphaned entries; how many were resumed."""
        now = self.now()
        await store.renew(self.db, self.holder, self._mine | self._unsettled, now)
        unsettled = sorted(self._unsettled)  # finished while the database was down
        if unsettled:  # (the writer batches them, as it does every settle)
            await asyncio.gather(*(self.settles.submit(entry_id) for entry_id in unsettled))
            self._unsettled.difference_update(unsettled)
        resumed = 0
        if self._runner is not None:
            stale = now if at_start and self.db.is_sqlite else now - LEASE
            room = self.limits.queue_max - self._pending
            taken = await store.take_over(self.db, self.holder, now, stale, room, self._kinds)
            for row in taken:
                self._resume(row)
                resumed += 1
        if resumed:
            log.info("inbox: work resumed", extra={"count": resumed})
        if self._pruned is None or now - self._pruned > timedelta(minutes=5):
            self._pruned = now
            await store.prune(self.db, now - KEEP_DONE)
        return resumed

    def _resume(self, row: InboxEntry) -> None:
        assert self._runner is not None and row.id is not None
        ticket = self._reserve(row.workspace, row.person)
        ticket.entry_id = row.id
        ticket.resumed = True
        self._mine.add(row.id)
        try:
            payload = json.loads(row.payload)
        except ValueError:
            payload = None
        if payload is None or row.attempts > MAX_TAKEOVERS:  # never a process killer twice
            log.error(
                "inbox: entry given up",
                extra={"entry": row.id, "kind": row.kind, "attempts": row.attempts},
            )
            self.run(ticket, self._give_up(ticket))
            return
        self.run(ticket, self._runner(row.kind, payload))

    async def _give_up(self, ticket: Ticket) -> None:
        assert ticket.entry_id is not None
        if await store.finish(self.db, ticket.entry_id, self.holder, "failed"):
            ticket.settled = True


async def _nothing() -> None:
    return None


def current() -> Ticket | None:
    """The work this task runs for (None outside the inbox)."""
    return CURRENT.get()
