"""Shared pieces of the benchmarks: databases, a silent surface, percentiles, memory."""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import text

from storage.db import Database

POSTGRES_URL = os.environ.get(
    "OUTARDE_BENCH_POSTGRES_URL",
    os.environ.get(
        "OUTARDE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    ),
)


async def sqlite_db() -> Database:
    folder = Path(tempfile.mkdtemp(prefix="outarde-bench-"))
    db = Database(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    await db.create_all()
    return db


async def postgres_db() -> tuple[Database, str] | None:
    """A fresh schema on the local PostgreSQL, or None when it is unreachable."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = Database(POSTGRES_URL)
    try:
        async with admin.engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception:
        return None
    finally:
        await admin.dispose()
    db = Database(POSTGRES_URL, search_path=schema)
    await db.create_all()
    return db, schema


async def drop_postgres(db: Database, schema: str) -> None:
    await db.dispose()
    admin = Database(POSTGRES_URL)
    async with admin.engine.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await admin.dispose()


def percentile(samples: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of the samples fall (nearest rank)."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p50_p99(samples: list[float]) -> str:
    return f"p50 {ms(statistics.median(samples))} / p99 {ms(percentile(samples, 0.99))}"


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return rss_mb()
