"""Scheduled work: the ``job`` table is the truth, APScheduler only says when to look.

APScheduler 3.11 (AsyncIOScheduler) runs two jobs: a sweep every few seconds, and a one-shot
wake-up at the next due instant. Only the leader (storage.leader: a PostgreSQL advisory lock;
always this process on SQLite) runs due jobs. The order of a delivery:

1. claim: ``pending → running`` in one committed UPDATE … WHERE status = 'pending' — the
   compare-and-set that lets exactly one process own a job, even two leaders overlapping;
2. one transaction: check the job is still ``running`` (locking it), run the feature's
   handler, store its outputs in the outbox (bot.outbox), mark the job ``done``;
3. deliver the outbox rows: each carries a unique token to the platform, then is marked
   ``sent`` with the platform's reference.

A leader killed before 2 commits leaves the job ``running`` with nothing done: the next leader
runs it again. Killed after, the outputs wait in the outbox; a row whose post was under way is
looked for on the platform by its token and posted only if it is not there. So a reminder is
delivered once: never lost, never twice (see bot.outbox for the platforms' part).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlmodel import col, func, select, update

from bot.clock import Clock
from bot.context import Place
from bot.failures import log_failure
from bot.messages import as_outputs
from bot.outbox import MAX_ATTEMPTS, Sender, aware, backoff, rows_for, served_here
from bot.router import Router
from bot.workspaces import Workspaces
from storage.db import Database
from storage.leader import LeaderLock
from storage.models import Job

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger("outarde.scheduler")
BATCH = 500
PARALLEL_CHANNELS = 16
WAKEUPS = 8


def place_of(job: Job) -> Place:
    return Place.stored(job.workspace, job.channel)


class Scheduler:
    """Runs due jobs; ``start`` hands the timing to APScheduler."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        router: Router,
        workspaces: Workspaces,
        sender: Sender,
        *,
        sweep_seconds: float = 5.0,
    ) -> None:
        self.db = db
        self.clock = clock
        self.router = router
        self.workspaces = workspaces
        self.sweep_seconds = sweep_seconds
        self.aps: AsyncIOScheduler | None = None
        self.leader = LeaderLock(db)
        self._ticking = asyncio.Lock()
        self._again = False  # a wake-up came while a sweep ran: that sweep goes round again
        self._parallel = asyncio.Semaphore(PARALLEL_CHANNELS)
        self._recovered_term = -1  # the leadership term whose recovery was done
        self.sender = sender

    # -- running ----------------------------------------------------------------------
    async def run_due(self) -> int:
        """Run every pending job due at the clock's now; returns how many ran.

        Due jobs are claimed in batches; different channels run concurrently, and the jobs
        of one channel run one after the other, in due order. Outbox rows waiting for a retry
        (or left mid-post by a dead process) are delivered first.
        """
        ran = 0
        while True:
            await self.sender.send_due()
            claimed = await self._claim_due()
            if not claimed:
                return ran
            by_channel: dict[tuple[str, str], list[Job]] = {}
            for job in claimed:
                by_channel.setdefault((job.workspace, job.channel), []).append(job)
            await asyncio.gather(*(self._run_in_order(jobs) for jobs in by_channel.values()))
            ran += len(claimed)

    async def _claim_due(self) -> list[Job]:
        """Mark up to BATCH due jobs ``running`` (pending → running is the claim); return them."""
        now = self.clock.now()
        async with self.db.session() as session:
            due = (
                select(Job.id)
                .where(
                    col(Job.status) == "pending",
                    col(Job.due_at) <= now,
                    *served_here(col(Job.workspace), self.sender.platform),
                )
                .order_by(col(Job.due_at), col(Job.id))
                .limit(BATCH)
            )
            ids = list((await session.exec(due)).all())
            if not ids:
                return []
            claim = (
                update(Job)
                .where(col(Job.id).in_(ids), col(Job.status) == "pending")
                .values(status="running")
                .returning(col(Job.id))
            )
            claimed = set((await session.exec(claim)).scalars().all())  # type: ignore[call-overload]
            jobs = (await session.exec(select(Job).where(col(Job.id).in_(claimed)))).all()
        return sorted(jobs, key=lambda job: (job.due_at, job.id or 0))

    async def _run_in_order(self, jobs: list[Job]) -> None:
        async with self._parallel:
            for job in jobs:
                await self._run_claimed(job)

    async def run_one(self, job_id: int) -> int:
        """Claim and run one job; 1 if this call ran it, 0 if someone else had it."""
        async with self.db.session() as session:
            claimed = await session.exec(  # type: ignore[call-overload]
                update(Job)
                .where(col(Job.id) == job_id, col(Job.status) == "pending")
                .values(status="running")
            )
            if claimed.rowcount != 1:
                return 0
            job = await session.get(Job, job_id)
        assert job is not None
        await self._run_claimed(job)
        return 1

    async def _run_claimed(self, job: Job) -> None:
        """Run a job this process claimed; its effects, outputs and status commit together."""
        handler = self.router.jobs.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind}")
            place = place_of(job)
            async with self.db.session() as session:
                if not await self._still_claimed(session, job.id):
                    return  # a new leader took it back: it runs it, not us
                ctx = await self.workspaces.context(session, place, None)
                outputs = as_outputs(await handler(ctx, job))
                rows = rows_for(place, job.id, outputs, self.clock.now(), self.sender.holder)
                session.add_all(rows)
                await session.exec(  # type: ignore[call-overload]
                    update(Job)  # a job its own handler scheduled again stays pending
                    .where(col(Job.id) == job.id, col(Job.status) == "running")
                    .values(status="done", done_at=self.clock.now())
                )
            self.wake(ctx.scheduled)
        except Exception as error:  # a job must never kill the scheduler
            log_failure(log, "job failed", error, job=job.id, kind=job.kind)
            await self._failed(job, error)
            return
        await self.sender.send(rows)

    @staticmethod
    async def _still_claimed(session: object, job_id: int | None) -> bool:
        """Lock the job's row for this transaction; False if it is no longer ``running``."""
        result = await session.exec(  # type: ignore[attr-defined]
            update(Job)
            .where(col(Job.id) == job_id, col(Job.status) == "running")
            .values(status="running")
        )
        return bool(result.rowcount)

    async def _failed(self, job: Job, error: Exception) -> None:
        attempts = job.attempts + 1
        values: dict[str, object] = {"attempts": attempts, "last_error": str(error)[:500]}
        if attempts >= MAX_ATTEMPTS:
            values.update(status="failed", done_at=self.clock.now())
        else:
            values.update(status="pending", due_at=self.clock.now() + backoff(attempts))
        async with self.db.session() as session:
            await session.exec(  # type: ignore[call-overload]
                update(Job)
                .where(col(Job.id) == job.id, col(Job.status) == "running")
                .values(**values)
            )

    async def recover(self) -> int:
        """After a stop or a take-over: jobs a dead leader claimed (nothing done) run again.

        Outputs it left mid-post are resumed by the outbox. Returns how many jobs run again.
        """
        async with self.db.session() as session:
            resumed = await session.exec(  # type: ignore[call-overload]
                update(Job).where(col(Job.status) == "running").values(status="pending")
            )
        count = int(resumed.rowcount or 0)
        if count:
            log.info("jobs claimed by a stopped leader run again", extra={"count": count})
        return count

    async def next_due(self) -> datetime | None:
        """The next instant a job or an outbox row needs the leader."""
        async with self.db.session() as session:
            statement = select(func.min(Job.due_at)).where(
                col(Job.status) == "pending",
                *served_here(col(Job.workspace), self.sender.platform),
            )
            job = (await session.exec(statement)).first()
        instants = [aware(i) for i in (job, await self.sender.next_due()) if i is not None]
        return min(instants, default=None)

    # -- timing (APScheduler) ---------------------------------------------------------
    async def start(self) -> None:
        """Let APScheduler sweep; the leader recovers, runs what is overdue, then what falls due."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler  # loaded when it is to run

        self.aps = AsyncIOScheduler(timezone=UTC)
        self.aps.add_job(
            self.tick,
            "interval",
            seconds=self.sweep_seconds,
            id="sweep",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        self.aps.start()

    async def stop(self) -> None:
        """Stop the timing, letting a sweep in progress finish."""
        if self.aps is None:
            return
        self.aps.pause()  # no new sweep; APScheduler's shutdown would cancel a running one
        async with self._ticking:
            self.aps.shutdown(wait=False)
            self.aps = None
            await self.leader.release()

    async def tick(self) -> None:
        """Run what is due, then arm the wake-up for the next due job.

        A wake-up that fires while a sweep runs is never lost: that sweep goes round again.
        Each time this process becomes the leader, it first recovers what a dead leader left.
        """
        self._again = True
        if self._ticking.locked():
            return
        async with self._ticking:
            while self._again:
                self._again = False
                try:
                    if not await self.leader.ensure():
                        return  # another replica schedules; we try again at the next sweep
                    if self._recovered_term != self.leader.term:
                        await self.recover()
                        self._recovered_term = self.leader.term
                    await self.run_due()
                    await self.sender.prune()
                    await self._arm(await self.next_due())
                except Exception as error:
                    log_failure(log, "scheduler sweep failed", error)

    def wake(self, instants: Iterable[datetime]) -> None:
        """A command scheduled work: make sure we wake up in time for it."""
        soonest = min(instants, default=None)
        if soonest is not None and self.aps is not None:
            current = self.aps.get_job("wakeup")
            armed = None if current is None else current.next_run_time
            if armed is None or self._real_time(soonest) < armed:
                self._arm_now(soonest)

    async def _arm(self, instant: datetime | None) -> None:
        """Wake up at ``instant``, unless an earlier wake-up (armed meanwhile) is kept."""
        if instant is not None:
            self.wake((instant,))

    def _arm_now(self, instant: datetime) -> None:
        """One wake-up job at ``instant`` (in real time: the clock's offset is accounted)."""
        if self.aps is None:
            return
        self.aps.add_job(
            self.tick,
            "date",
            run_date=max(self._real_time(instant), datetime.now(UTC)),
            id="wakeup",
            replace_existing=True,
            misfire_grace_time=None,
            max_instances=WAKEUPS,  # one may fire while the previous one still runs its sweep
        )

    def _real_time(self, instant: datetime) -> datetime:
        """The real instant at which the app's clock will show ``instant``."""
        return instant - (self.clock.now() - datetime.now(UTC))
