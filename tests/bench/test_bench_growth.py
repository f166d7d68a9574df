"""The growth bench runs in its quick mode and reports ratios to the one-row insert."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from testkit.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT
COMMANDS = (
    "/faitsaillant liste",
    "/faitsaillant recolte depuis 1 an",
    "/vocab liste",
    "/vocab exporter",
    "/partenaire liste",
    "/sondage tendances",
    "/rencontre liste",
    "/suivi liste",
    "/suivi liste en retard",
)


def test_growth_bench_reports_ratios_and_memory() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_growth"],
        cwd=ROOT,
        env={**os.environ, "OUTARDE_BENCH_QUICK": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rows = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    for size in ("100", "500"):
        assert re.fullmatch(r"\d+\.\d\d ms", rows[f"SQLite {size} one-row insert"])
        for command in COMMANDS:
            value = rows[f"SQLite {size} {command}"]
            assert re.match(r"\d+\.\d× insert \(\d+\.\d ms; \d+\.\d\d× smallest\)", value), value
        assert rows[f"SQLite {size} peak RSS"].endswith(" MB")


SEEDED = """
import asyncio
from sqlalchemy import func, select
from bench.bench_growth import QUICK, seed
from bench.common import sqlite_db
from storage.models.followup import FollowupItem

async def main():
    db = await sqlite_db()
    await seed(db, QUICK[0])
    async with db.session() as session:
        print((await session.exec(select(func.count()).select_from(FollowupItem))).one()[0])
    await db.dispose()
    print(QUICK[0].actions)

asyncio.run(main())
"""


def test_growth_bench_seeds_each_follow_up_once() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SEEDED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seeded, wanted = done.stdout.split()
    assert seeded == wanted
