"""1,000 concurrent votes from distinct people on SQLite: ``python -m bench.bench_votes``."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import ManualClock
from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from storage.db import Database
from testkit.doubles import Answers, RecordingNotifier

PLACE = Place("console", "bench", "general")
VOTERS = 1000


async def concurrent_votes(db: Database, *, anonymous: bool, voters: int = VOTERS) -> float:
    """Seconds for ``voters`` concurrent clicks on a fresh poll (single choice, 3 choices)."""
    app = build_core(
        db, RecordingNotifier(), clock=ManualClock(datetime(2026, 10, 6, 18, tzinfo=UTC))
    )
    author = Invocation(PLACE, Actor("alice", "Alice"))
    options = " anonyme" if anonymous else ""
    await app.command(author, "sondage", f'"Q ?" A B C{options}', Answers())
    action = "polls.cast" if anonymous else "polls.vote"

    def value(index: int) -> str:
        position = index % 3
        return f"1:{1 << position}" if anonymous else f"1:{position}"

    started = time.perf_counter()
    await asyncio.gather(
        *(
            app.action(
                Invocation(PLACE, Actor(f"p{i}", f"Personne {i}")), action, value(i), Answers()
            )
            for i in range(voters)
        )
    )
    return time.perf_counter() - started


async def _measure() -> list[tuple[str, str]]:
    rows = []
    for anonymous in (False, True):
        with tempfile.TemporaryDirectory() as folder:
            db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
            await db.create_all()
            seconds = await concurrent_votes(db, anonymous=anonymous)
            await db.dispose()
        kind = "anonymous" if anonymous else "nominative"
        rows.append((f"{VOTERS} concurrent {kind} votes (SQLite)", f"{seconds:.2f} s"))
        rows.append((f"{kind} vote, mean per click", f"{seconds / VOTERS * 1000:.1f} ms"))
    return rows


def run() -> list[tuple[str, str]]:
    """Wall time of 1,000 concurrent votes, nominative and anonymous."""
    return asyncio.run(_measure())


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
