"""10,000 meetings with 30,000 reminders: restart cost, memory, and lateness of a busy minute.

- restart: a new process (imports, a new Outarde, the scheduler's start and recovery) until its
  wake-up is armed at the next due reminder; RSS of that process then;
- lateness: 1,000 reminders fall due over the next minute; the real clock and APScheduler run
  them; lateness = the real time each was posted − its due time.

Every meeting has the default reminders (7j, 1j, 1h) and its « meeting ended » job, inserted in
bulk as the meetings feature writes them. SQLite, then PostgreSQL when reachable.
``python -m bench.bench_scheduler restart URL [SCHEMA]`` is the restarted process.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, insert, text, update

from bench.common import current_rss_mb, drop_postgres, ms, p50_p99, postgres_db, sqlite_db
from storage.db import Database

MEETINGS = 10_000
WORKSPACES = 100
CHANNELS = 3  # per workspace
OFFSETS = (("7j", timedelta(days=7)), ("1j", timedelta(days=1)), ("1h", timedelta(hours=1)))
DUE_SOON = 1_000
SPREAD = timedelta(seconds=60)
LEAD = timedelta(seconds=3)  # the busy minute starts this long after the app starts
TITLE = re.compile(r"Bench (\d+)")


def place_of(index: int) -> tuple[str, str]:
    """Workspace and channel of the meeting ``index`` (1-based)."""
    workspace = index % WORKSPACES
    return f"console:table{workspace}", f"canal{(index // WORKSPACES) % CHANNELS}"


async def populate(db: Database, now: datetime, count: int = MEETINGS) -> None:
    """Workspaces, ``count`` planned meetings over the next year, their reminders and end jobs."""
    from storage.models import Job, Workspace
    from storage.models.meetings import Meeting

    year = timedelta(days=365)
    meetings, jobs = [], []
    for index in range(1, count + 1):
        workspace, channel = place_of(index)
        start = (now + timedelta(days=8) + year * index / count).replace(microsecond=0)
        meetings.append(
            {
                "id": index,
                "workspace": workspace,
                "channel": channel,
                "title": f"Bench {index}",
                "location": "Salle communautaire",
                "starts_at": start,
                "status": "planned",
                "sequence": 0,
                "created_by": "u0",
                "created_at": now,
            }
        )
        for position, (label, span) in enumerate(OFFSETS):
            payload = {
                "meeting": index,
                "offset": label,
                "digest": position == 0,
                "start": start.isoformat(),
            }
            jobs.append(job_row(workspace, channel, "meetings.reminder", f"{index}:{label}"))
            jobs[-1].update(due_at=start - span, payload=json.dumps(payload))
        ended = {"meeting": index, "start": start.isoformat()}
        jobs.append(job_row(workspace, channel, "meetings.ended", f"{index}:fin"))
        jobs[-1].update(due_at=start + timedelta(hours=2), payload=json.dumps(ended))
    async with db.session() as session:
        rows = [{"id": f"console:table{n}", "created_at": now} for n in range(WORKSPACES)]
        await session.execute(insert(Workspace), rows)
        await session.execute(insert(Meeting), meetings)
        for first in range(0, len(jobs), 5000):
            await session.execute(insert(Job), jobs[first : first + 5000])
    if not db.is_sqlite:  # as after a migration: the identity goes on after the bulk ids
        async with db.session() as session:
            await session.execute(text("SELECT setval('meeting_id_seq', :n)"), {"n": count})


def job_row(workspace: str, channel: str, kind: str, key: str) -> dict[str, object]:
    return {
        "workspace": workspace,
        "channel": channel,
        "kind": kind,
        "key": key,
        "status": "pending",
        "attempts": 0,
    }


async def busy_minute(
    db: Database, base: datetime, count: int = DUE_SOON, spread: timedelta = SPREAD
) -> dict[int, datetime]:
    """Move meetings 1..count to start in an hour: their « 1h » reminders fall due in ``spread``.

    Their 7-day and 1-day reminders are marked sent already. Returns meeting id → due time.
    """
    from storage.models import Job
    from storage.models.meetings import Meeting

    due = {index: base + spread * (index - 1) / count for index in range(1, count + 1)}
    starts = {index: instant + timedelta(hours=1) for index, instant in due.items()}
    moves, reminders, sent = [], [], []
    for index, start in starts.items():
        workspace = place_of(index)[0]
        moves.append({"mid": index, "start": start})
        payload = {"meeting": index, "offset": "1h", "digest": False, "start": start.isoformat()}
        reminders.append(
            {"ws": workspace, "jkey": f"{index}:1h", "due": due[index], "load": json.dumps(payload)}
        )
        sent += [{"ws": workspace, "jkey": f"{index}:7j"}, {"ws": workspace, "jkey": f"{index}:1j"}]
    async with db.session() as session:
        connection = await session.connection()
        await connection.execute(
            update(Meeting)
            .where(Meeting.id == bindparam("mid"))  # type: ignore[arg-type]
            .values(starts_at=bindparam("start")),
            moves,
        )
        await connection.execute(
            update(Job)
            .where(Job.workspace == bindparam("ws"), Job.kind == "meetings.reminder")  # type: ignore[arg-type]
            .where(Job.key == bindparam("jkey"))  # type: ignore[arg-type]
            .values(due_at=bindparam("due"), payload=bindparam("load")),
            reminders,
        )
        await connection.execute(
            update(Job)
            .where(Job.workspace == bindparam("ws"), Job.kind == "meetings.reminder")  # type: ignore[arg-type]
            .where(Job.key == bindparam("jkey"))  # type: ignore[arg-type]
            .values(status="done"),
            sent,
        )
    return due


class TimedNotifier:
    """Records the real time each reminder was posted, by meeting id."""

    def __init__(self) -> None:
        self.posted: dict[int, datetime] = {}
        self.duplicates = 0
        self.done = asyncio.Event()

    async def post(self, place: object, message: object, delivery: object = None) -> str | None:
        now = datetime.now(UTC)
        found = TITLE.search(getattr(message, "text", ""))
        if found:
            meeting = int(found.group(1))
            self.duplicates += meeting in self.posted
            self.posted.setdefault(meeting, now)
            if len(self.posted) >= DUE_SOON:
                self.done.set()
        return f"ref{len(self.posted)}"

    async def update(self, place: object, ref: str, message: object) -> None:
        return None

    async def tell(
        self, place: object, user_id: str, message: object, delivery: object = None
    ) -> str | None:
        return None


async def lateness(db: Database) -> list[float]:
    """Start an app on the real clock; seconds late of each of the 1,000 reminders."""
    from bot.compose import build_core

    due = await busy_minute(db, datetime.now(UTC) + LEAD)
    notifier = TimedNotifier()
    app = build_core(db, notifier)  # type: ignore[arg-type]
    await app.scheduler.start()
    try:
        await asyncio.wait_for(notifier.done.wait(), timeout=(LEAD + SPREAD).total_seconds() + 60)
    finally:
        await app.scheduler.stop()
    assert notifier.duplicates == 0, f"{notifier.duplicates} reminders posted twice"
    return [(notifier.posted[i] - due[i]).total_seconds() for i in due]


def restart(url: str, schema: str | None) -> dict[str, float]:
    """In a new process: imports, app, scheduler start until the wake-up is armed."""
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "bench.bench_scheduler",
        "restart",
        url,
        *([schema] if schema else []),
    ]
    root = Path(__file__).resolve().parent.parent
    output = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True)
    figures = json.loads(output.stdout.strip().splitlines()[-1])
    figures["process"] = time.perf_counter() - started
    return figures


async def _restarted(url: str, schema: str | None) -> dict[str, float]:
    from bot.compose import build_core
    from testkit.doubles import RecordingNotifier

    started = time.perf_counter()
    db = Database(url, search_path=schema) if schema else Database(url)
    app = build_core(db, RecordingNotifier())
    created = time.perf_counter()
    await app.scheduler.start()
    assert app.scheduler.aps is not None
    while app.scheduler.aps.get_job("wakeup") is None:
        await asyncio.sleep(0.001)
    armed = time.perf_counter()
    rss = current_rss_mb()
    await app.scheduler.stop()
    await db.dispose()
    return {"app": created - started, "scheduler": armed - created, "rss": rss}


async def _bench(db: Database, label: str, url: str, schema: str | None) -> list[tuple[str, str]]:
    started = time.perf_counter()
    await populate(db, datetime.now(UTC))
    inserted = time.perf_counter() - started
    figures = restart(url, schema)
    samples = await lateness(db)
    jobs = MEETINGS * (len(OFFSETS) + 1)
    return [
        (f"{label} bulk insert {MEETINGS:,} meetings + {jobs:,} jobs", f"{inserted:.2f} s"),
        (
            f"{label} restart: new process → wake-up armed",
            f"{figures['process']:.2f} s",
        ),
        (
            f"{label} rebuild: new app + scheduler start → armed",
            f"{ms(figures['app'] + figures['scheduler'])} (app {ms(figures['app'])},"
            f" scheduler {ms(figures['scheduler'])})",
        ),
        (f"{label} RSS after rebuild", f"{figures['rss']:.0f} MB"),
        (f"{label} lateness, {DUE_SOON:,} reminders in one minute", p50_p99(samples)),
        (f"{label} lateness, worst", ms(max(samples))),
    ]


async def _run() -> list[tuple[str, str]]:
    sqlite = await sqlite_db()
    rows = await _bench(sqlite, "SQLite", sqlite.url, None)
    await sqlite.dispose()
    postgres = await postgres_db()
    if postgres is None:
        rows.append(("PostgreSQL", "unreachable: not measured"))
        return rows
    db, schema = postgres
    try:
        rows += await _bench(db, "PostgreSQL", db.url, schema)
    finally:
        await drop_postgres(db, schema)
    return rows


def run() -> list[tuple[str, str]]:
    return asyncio.run(_run())


if __name__ == "__main__":
    if sys.argv[1:2] == ["restart"]:
        schema_arg = sys.argv[3] if len(sys.argv) > 3 else None
        print(json.dumps(asyncio.run(_restarted(sys.argv[2], schema_arg))))
    else:
        for metric, value in run():
            print(f"{metric}: {value}")
