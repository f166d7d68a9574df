"""Core command latency per command family, 200 commands at once and 200 a second.

``burst``: 200 commands start at the same instant (latency includes waiting in line);
``paced``: 200 commands arrive over one second (the load of a busy table network).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from bench.common import drop_postgres, p50_p99, postgres_db, sqlite_db
from bot.app import Outarde
from bot.clock import ManualClock
from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from storage.db import Database
from testkit.doubles import Answers, RecordingNotifier

CONCURRENT = 200
# one representative command per family; {i} makes each one distinct
FAMILIES: dict[str, tuple[str, str]] = {
    "outarde": ("outarde", "aide"),
    "partenaire": ("partenaire", "moi Organisme {i} / communautaire"),
    "vocab": ("vocab", "proposer terme{i} : une définition commune numéro {i}"),
    "faitsaillant": ("faitsaillant", "Nouveau service d'aide numéro {i} #emploi #logement"),
    "rencontre": ("rencontre", "liste"),
    "sondage": ("sondage", '"Question {i} ?" "Oui" "Non"'),
}


async def _one(app: Outarde, family: str, i: int, place: Place) -> float:
    name, template = FAMILIES[family]
    actor = Actor(f"u{i}", f"Personne {i}", is_admin=(i == 0))
    started = time.perf_counter()
    await app.command(Invocation(place, actor), name, template.format(i=i), Answers())
    return time.perf_counter() - started


async def _measure(app: Outarde, family: str, paced: bool) -> list[float]:
    place = Place("console", f"bench-{family}-{paced}", "general")
    await _one(app, family, 0, place)  # the workspace exists, as on a real table

    async def later(i: int) -> float:
        if paced:
            await asyncio.sleep(i / CONCURRENT)
        return await _one(app, family, i, place)

    return list(await asyncio.gather(*(later(i) for i in range(1, CONCURRENT + 1))))


async def _bench(db: Database, label: str, families: list[str]) -> list[tuple[str, str]]:
    app = build_core(db, RecordingNotifier(), clock=ManualClock(), founder_is_coordinator=True)
    rows = []
    for family in families:
        for paced in (False, True):
            samples = await _measure(app, family, paced)
            mode = "200/s" if paced else "200 at once"
            rows.append((f"{label} /{family} ({mode})", p50_p99(samples)))
    return rows


async def _run(families: list[str]) -> list[tuple[str, str]]:
    sqlite = await sqlite_db()
    rows = await _bench(sqlite, "SQLite", families)
    await sqlite.dispose()
    postgres = await postgres_db()
    if postgres is None:
        rows.append(("PostgreSQL", "unreachable: not measured"))
    else:
        db, schema = postgres
        rows += await _bench(db, "PostgreSQL", families)
        await drop_postgres(db, schema)
    return rows


def run(select: Callable[[str], bool] = lambda family: True) -> list[tuple[str, str]]:
    from bot.compose import build_router

    known = build_router().commands
    families = [f for f in FAMILIES if f in known and select(f)]
    return asyncio.run(_run(families))


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
