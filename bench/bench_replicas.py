"""Two replicas on one PostgreSQL schema, 1,000 reminders, and a kill -9 of the leader.

Two OS processes (bench.replica_worker), each an Outarde with the real scheduler and the real
Slack adapter, post to a Slack stand-in served here (it keeps each message as the channel
would, and answers a post only ``POST_SECONDS`` after taking it, as a remote API would). When
40 % are delivered, the leader (the process posting) is killed with SIGKILL while its posts are
under way; the other takes the advisory lock at its next sweep. Reported: deliveries per
reminder (duplicates, misses), take-over time (kill → the next post by the other process), and
the posts the dead leader left under way, which the new leader looked for in the channel's
history (by their outbox token) instead of posting them again.
"""

from __future__ import annotations

import asyncio
import os
import re
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
from bot.outbox import RESUME_AFTER
from storage.db import Database
from storage.models import Job, Outbox
from testkit.slack_standin import StandIn

REMINDERS = 1_000
SPREAD = timedelta(seconds=40)
LEAD = timedelta(seconds=8)  # both replicas are up before the first reminder falls due
KILL_AT = 0.4  # share of the reminders delivered when the leader is killed
POST_SECONDS = 0.05  # how long the platform takes to answer a post
ROOT = Path(__file__).resolve().parent.parent
TITLE = re.compile(r"Bench (\d+)")


def start_replica(url: str, schema: str, api_url: str, errors: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "bench.replica_worker", url, schema, api_url]
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors.open("a"), text=True
    )


def deliveries(standin: StandIn) -> list[tuple[int, int, float]]:
    """(meeting, process id, time) of every reminder the channels hold."""
    rows = []
    for call in standin.calls:
        found = TITLE.search(str(call.params.get("text", "")))
        if call.method == "chat.postMessage" and call.answer.get("ok") and found:
            rows.append((int(found.group(1)), int(call.token.rsplit("-", 1)[-1]), call.at))
    return rows


async def outbox_statuses(db: Database) -> dict[str, int]:
    async with db.session() as session:
        statement = select(Outbox.status, func.count()).group_by(col(Outbox.status))
        return {status: int(n) for status, n in (await session.exec(statement)).all()}


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


async def _settled(db: Database) -> bool:
    jobs, rows = await statuses(db), await outbox_statuses(db)
    return not {"pending", "running"} & set(jobs) and not {"queued", "sending"} & set(rows)


async def _scenario(db: Database, schema: str, folder: Path) -> list[tuple[str, str]]:
    await populate(db, datetime.now(UTC), count=REMINDERS)
    due = await busy_minute(db, datetime.now(UTC) + LEAD, REMINDERS, SPREAD)
    standin = StandIn(slow={"chat.postMessage": POST_SECONDS})
    await standin.start()
    errors = folder / "replicas.log"
    replicas = [start_replica(db.url, schema, standin.api_url, errors) for _ in range(2)]
    try:
        for replica in replicas:
            assert replica.stdout is not None
            await asyncio.to_thread(replica.stdout.readline)  # "ready"
        killed, killed_at = 0, 0.0
        deadline = time.time() + (LEAD + SPREAD + RESUME_AFTER).total_seconds() + 90
        while time.time() < deadline:
            await asyncio.sleep(0.02)
            rows = deliveries(standin)
            if not killed and len(rows) >= REMINDERS * KILL_AT:
                killed = rows[-1][1]  # the process posting is the leader
                os.kill(killed, signal.SIGKILL)
                killed_at = time.time()
            if killed and await _settled(db):
                break
        resumed = len(standin.of("conversations.history"))
    finally:
        for replica in replicas:
            if replica.poll() is None:
                replica.send_signal(signal.SIGTERM)
        for replica in replicas:
            await asyncio.to_thread(replica.wait, 30)
        await standin.stop()
    status, rows_status = await statuses(db), await outbox_statuses(db)
    times = deliveries(standin)
    return report(times, status, rows_status, due, killed, killed_at, resumed)


def report(
    rows: list[tuple[int, int, float]],
    status: dict[str, int],
    outbox: dict[str, int],
    due: dict[int, datetime],
    killed: int,
    killed_at: float,
    resumed: int,
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
        ("posts left under way by the kill, looked for in history", str(resumed)),
        ("processes delivering before the kill (the leader only)", str(len(before))),
        ("lateness before the kill", p50_p99(lateness) if lateness else "none"),
        (f"take-over after kill -9 of the leader at {KILL_AT:.0%}", ms(takeover)),
        ("job statuses at the end", ", ".join(f"{k} {v}" for k, v in sorted(status.items()))),
        ("outbox at the end", ", ".join(f"{k} {v}" for k, v in sorted(outbox.items()))),
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
