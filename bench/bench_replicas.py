"""Two replicas on one PostgreSQL schema, 1,000 reminders, and a kill -9 of the leader.

Two OS processes (bench.replica_worker), each an Outarde with the real scheduler, post to a
shared file (« meeting, process, time » per reminder). When 40 % are delivered, the leader
(the process posting) is killed with SIGKILL; the other takes the advisory lock at its next
sweep. Reported: deliveries per reminder (duplicates, misses), take-over time (kill → the
next delivery by the other process), and jobs left « interrupted ».

The scheduler's order is claim (``running``) → handler → ``posting`` → platform → ``done``,
each step committed. A leader killed before ``posting`` sent nothing: the next leader runs the
job again. Killed while ``posting``, the platform may have the message: the next leader marks it
``interrupted`` and does not resend it — a rare miss (logged) rather than a duplicate.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import col, func, select

from bench.bench_scheduler import busy_minute, populate
from bench.common import drop_postgres, ms, p50_p99, postgres_db
from storage.db import Database
from storage.models import Job

REMINDERS = 1_000
SPREAD = timedelta(seconds=40)
LEAD = timedelta(seconds=8)  # both replicas are up before the first reminder falls due
KILL_AT = 0.4  # share of the reminders delivered when the leader is killed
POST_SECONDS = 0.05  # a platform API call
ROOT = Path(__file__).resolve().parent.parent


def start_replica(url: str, schema: str, path: Path, errors: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "bench.replica_worker", url, schema, str(path)]
    return subprocess.Popen(
        [*command, str(POST_SECONDS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=errors.open("a"),
        text=True,
    )


def deliveries(path: Path) -> list[tuple[int, int, float]]:
    """(meeting, process id, time) of every line written so far."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        meeting, pid, at = line.split()
        rows.append((int(meeting), int(pid), float(at)))
    return rows


async def interrupted(db: Database) -> set[int]:
    """Meetings whose reminder a dead leader left claimed (now « interrupted »)."""
    async with db.session() as session:
        statement = select(Job.key).where(
            Job.kind == "meetings.reminder", Job.status == "interrupted"
        )
        return {int(key.split(":")[0]) for key in (await session.exec(statement)).all()}


async def statuses(db: Database) -> dict[str, int]:
    """How many of the busy reminders are in each status."""
    async with db.session() as session:
        statement = (
            select(Job.status, func.count())
            .where(Job.kind == "meetings.reminder", col(Job.key).endswith(":1h"))
            .where(col(Job.due_at) < datetime.now(UTC) + timedelta(days=1))
            .group_by(col(Job.status))
        )
        return {status: int(n) for status, n in (await session.exec(statement)).all()}


async def _scenario(db: Database, schema: str, folder: Path) -> list[tuple[str, str]]:
    await populate(db, datetime.now(UTC), count=REMINDERS)
    due = await busy_minute(db, datetime.now(UTC) + LEAD, REMINDERS, SPREAD)
    log, errors = folder / "posts.txt", folder / "replicas.log"
    replicas = [start_replica(db.url, schema, log, errors) for _ in range(2)]
    try:
        for replica in replicas:
            assert replica.stdout is not None
            await asyncio.to_thread(replica.stdout.readline)  # "ready"
        killed, killed_at = 0, 0.0
        deadline = time.time() + (LEAD + SPREAD).total_seconds() + 90
        while time.time() < deadline:
            await asyncio.sleep(0.02)
            rows = deliveries(log)
            if not killed and len(rows) >= REMINDERS * KILL_AT:
                killed = rows[-1][1]  # the process posting is the leader
                os.kill(killed, signal.SIGKILL)
                killed_at = time.time()
            if killed and not {"pending", "running", "posting"} & set(await statuses(db)):
                break
        await asyncio.sleep(1)  # a post in flight lands in the file
    finally:
        for replica in replicas:
            if replica.poll() is None:
                replica.send_signal(signal.SIGTERM)
        for replica in replicas:
            await asyncio.to_thread(replica.wait, 30)
    status, lost = await statuses(db), await interrupted(db)
    return report(deliveries(log), status, lost, due, killed, killed_at)


def report(
    rows: list[tuple[int, int, float]],
    status: dict[str, int],
    lost: set[int],
    due: dict[int, datetime],
    killed: int,
    killed_at: float,
) -> list[tuple[str, str]]:
    times = Counter(meeting for meeting, _, _ in rows)
    before = {pid for _, pid, at in rows if at < killed_at}
    after = [at for _, pid, at in rows if pid != killed and at >= killed_at]
    takeover = min(after) - killed_at if after else float("nan")
    lateness = [at - due[m].timestamp() for m, _, at in rows if at < killed_at]
    return [
        (f"{REMINDERS:,} reminders, 2 replicas: delivered once", f"{len(times):,}"),
        ("duplicates (delivered twice or more)", str(sum(1 for n in times.values() if n > 1))),
        ("missed (never delivered)", str(REMINDERS - len(times))),
        ("jobs left interrupted by the kill (not resent)", str(len(lost))),
        ("… of which posted before the kill", str(len(lost & set(times)))),
        ("processes delivering before the kill (the leader only)", str(len(before))),
        ("lateness before the kill", p50_p99(lateness) if lateness else "none"),
        (f"take-over after kill -9 of the leader at {KILL_AT:.0%}", ms(takeover)),
        ("job statuses at the end", ", ".join(f"{k} {v}" for k, v in sorted(status.items()))),
    ]


async def _run() -> list[tuple[str, str]]:
    postgres = await postgres_db()
    if postgres is None:
        return [("PostgreSQL", "unreachable: not measured")]
    db, schema = postgres
    try:
        with tempfile.TemporaryDirectory(prefix="outarde-replicas-") as folder:
            return await _scenario(db, schema, Path(folder))
    finally:
        await drop_postgres(db, schema)


def run() -> list[tuple[str, str]]:
    return asyncio.run(_run())


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
