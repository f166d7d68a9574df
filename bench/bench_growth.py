"""A table with years of history: each command's p50 at three sizes, as a ratio to a one-row
SQLModel insert measured in the same run, with the process's peak RSS.

Every size is built first (the peak RSS is read after each one), then measured in rounds:
each sample of a command is taken at every size in turn, so the machine's slower moments
fall on the sizes alike instead of on whichever size was being measured then.

Sizes: 1k/10k/50k highlights, 100/1,000/5,000 terms, 50/500/500 organisations with 2,000
members, 100/1,000/1,000 evaluations, 500/2,000/5,000 actions and decisions (/suivi), spread
over 5 years. ``run(quick=True)`` (or
``OUTARDE_BENCH_QUICK=1``) builds two small sizes on SQLite only, for a test.
``OUTARDE_BENCH_COMMANDS="/partenaire liste,/sondage"`` measures only the commands starting
with one of those, ``OUTARDE_BENCH_SIZES=1k,50k`` only those sizes and
``OUTARDE_BENCH_ENGINES=sqlite`` (or ``postgresql``) only that engine.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import warnings
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice

from sqlalchemy import insert, select

from bench.common import drop_postgres, postgres_db, rss_mb, sqlite_db
from bot.app import Outarde
from bot.clock import ManualClock
from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from bot.features.polls.pictures import forget_drawn
from storage.db import Database
from storage.migrate import refresh_statistics
from storage.models import Member
from storage.models.followup import FollowupItem
from storage.models.highlights import Highlight, HighlightInterest, HighlightTag
from storage.models.meetings import Meeting
from storage.models.partners import Organisation
from storage.models.polls import Poll, PollVoter, ScoreTally
from storage.models.vocab import VocabProposal
from storage.queries import add_row
from testkit.doubles import Answers, RecordingNotifier

NOW = datetime(2026, 10, 6, 18, 0, tzinfo=UTC)
YEARS = timedelta(days=5 * 365)
PLACE = Place("console", "growth", "general")
WORKSPACE = "console:growth"
THEMES = ("emploi", "logement", "sante", "famille", "transport")


@dataclass(frozen=True)
class Size:
    highlights: int
    terms: int
    organisations: int
    members: int
    polls: int
    meetings: int = 0
    actions: int = 0

    @property
    def label(self) -> str:
        return (
            f"{self.highlights // 1000 or self.highlights}{'k' if self.highlights >= 1000 else ''}"
        )


FULL = (
    Size(1_000, 100, 50, 2_000, 100, 50, 100),
    Size(10_000, 1_000, 500, 2_000, 1_000, 500, 1_000),
    Size(50_000, 5_000, 500, 2_000, 1_000, 500, 5_000),
)
QUICK = (Size(100, 10, 5, 50, 5, 5, 10), Size(500, 50, 10, 100, 10, 10, 50))
COMMANDS = (
    ("/faitsaillant liste", "faitsaillant", "liste"),
    ("/faitsaillant liste #sante", "faitsaillant", "liste #sante"),
    ("/faitsaillant recolte depuis 1 an", "faitsaillant", "recolte depuis 1 an"),
    ("/vocab liste", "vocab", "liste"),
    ("/vocab exporter", "vocab", "exporter"),
    ("/partenaire liste", "partenaire", "liste"),
    ("/sondage tendances", "sondage", "tendances"),
    ("/rencontre liste", "rencontre", "liste"),
    ("/suivi liste", "suivi", "liste"),
    ("/suivi liste en retard", "suivi", "liste en retard"),
    ("/suivi liste mes", "suivi", "liste mes"),
    ("/suivi liste toutes 20", "suivi", "liste toutes 20"),
    ("/suivi exporter", "suivi", "exporter"),
)

# commands whose later calls reuse what the first one made (the trends chart, kept by a digest
# of the data it shows): their first call is reported too
FIRST_CALL = {"/sondage tendances"}


def spread(n: int, count: int) -> datetime:
    """The ``n``-th of ``count`` instants spread over the last five years."""
    return NOW - YEARS + YEARS * (n / max(1, count))


async def insert_all(db: Database, model: type, rows: Iterable[dict]) -> None:
    """Insert ``rows`` 5,000 at a time, made as they go (the bench's own data never weighs on
    the peak RSS it reports)."""
    rows = iter(rows)
    async with db.session() as session:
        while chunk := list(islice(rows, 5_000)):
            await session.exec(insert(model), params=chunk)  # type: ignore[call-overload]


async def seed(db: Database, size: Size) -> None:
    """Write one workspace's history of ``size`` straight into its tables."""
    w = WORKSPACE
    await insert_all(
        db,
        Member,
        (
            {
                "workspace": w,
                "user_id": f"u{n}",
                "display_name": f"Personne {n}",
                "organisation": f"Organisme {n % size.organisations}",
                "mandated": False,
                "last_seen": NOW,
            }
            for n in range(size.members)
        ),
    )
    await insert_all(
        db,
        Organisation,
        (
            {
                "workspace": w,
                "name": f"Organisme {n}",
                "name_key": f"organisme {n}",
                "sector": "communautaire",
                "created_at": spread(n, size.organisations),
                "listed": True,
            }
            for n in range(size.organisations)
        ),
    )
    await insert_all(
        db,
        Highlight,
        (
            {
                "workspace": w,
                "channel": "general",
                "author_id": f"u{n % size.members}",
                "author_name": f"Personne {n % size.members}",
                "organisation": f"Organisme {n % 50}",
                "text": f"Nouveau service numéro {n} sur le territoire",
                "created_at": spread(n, size.highlights),
            }
            for n in range(size.highlights)
        ),
    )
    async with db.session() as session:
        ids = [row[0] for row in (await session.exec(select(Highlight.id))).all()]  # type: ignore[call-overload]
    await insert_all(
        db,
        HighlightTag,
        (
            {"workspace": w, "highlight_id": hid, "tag": THEMES[hid % 5], "label": THEMES[hid % 5]}
            for hid in ids
        ),
    )
    await insert_all(
        db,
        HighlightInterest,
        (
            {"workspace": w, "highlight_id": hid, "user_id": f"u{hid % 7}", "created_at": NOW}
            for hid in ids[::3]
        ),
    )
    await insert_all(
        db,
        VocabProposal,
        (
            {
                "workspace": w,
                "term": f"terme {n:05d}",
                "term_key": f"terme {n:05d}",
                "definition": f"Une définition commune numéro {n}",
                "proposer_id": f"u{n % size.members}",
                "status": "adoptee" if n % 2 else "proposee",
                "created_at": spread(n, size.terms),
                "adopted_at": NOW if n % 2 else None,
            }
            for n in range(size.terms)
        ),
    )
    await insert_all(
        db,
        Poll,
        (
            {
                "workspace": w,
                "channel": "general",
                "author_id": "u0",
                "kind": "evaluation",
                "question": f"Évaluation {n}",
                "created_at": spread(n, size.polls),
                "closed_at": spread(n, size.polls) + timedelta(days=7),
                "criteria": '["Clarté", "Utilité"]',
                "anonymous": True,
            }
            for n in range(size.polls)
        ),
    )
    await insert_all(
        db,
        Meeting,
        (  # five years of meetings held, and four still to come (as any table has)
            {
                "workspace": w,
                "channel": "general",
                "title": f"Rencontre {n}",
                "starts_at": (
                    spread(n, size.meetings) - timedelta(days=1)
                    if n < size.meetings - 4
                    else NOW + timedelta(days=30 * (size.meetings - n))
                ),
                "status": "planned",
                "created_by": "u0",
                "created_at": spread(n, size.meetings),
            }
            for n in range(size.meetings)
        ),
    )
    async with db.session() as session:
        polls = [row[0] for row in (await session.exec(select(Poll.id))).all()]  # type: ignore[call-overload]
    await insert_all(
        db,
        PollVoter,
        ({"workspace": w, "poll_id": pid, "user_id": f"u{k}"} for pid in polls for k in range(6)),
    )
    await insert_all(  # the six answers of each evaluation, counted per criterion and score
        db,
        ScoreTally,
        (
            {"workspace": w, "poll_id": pid, "criterion": c, "score": score, "count": count}
            for pid in polls
            for c in range(2)
            for score, count in enumerate((0, 1, 1, 2, 2), start=1)
        ),
    )
    await insert_all(db, FollowupItem, followup_rows(size))


def followup_rows(size: Size) -> list[dict]:
    """Actions (one in ten a decision) over five years: a third done, one in five of the open
    ones late, one in eight given to a sous-comité's channel."""
    rows = []
    for n in range(size.actions):
        created = spread(n, size.actions)
        decision = n % 10 == 0
        done = not decision and n % 3 == 0
        rows.append(
            {
                "workspace": WORKSPACE,
                "channel": "general",
                "assigned_channel": "budget" if n % 8 == 0 else None,
                "kind": "decision" if decision else "action",
                "text": f"Action numéro {n} de la table",
                "owner_id": None if decision else f"u{n % size.members}",
                "due_at": None if decision else created + timedelta(days=30 if n % 5 else 3650),
                "status": "prise" if decision else ("faite" if done else "ouverte"),
                "recorded_by": "u0",
                "created_at": created,
                "done_at": created + timedelta(days=20) if done else None,
            }
        )
    return rows


async def refreshed(db: Database) -> None:
    """Planner statistics as a table with years of history has them (autovacuum on
    PostgreSQL, the sampled ANALYZE of the migrations on SQLite)."""
    async with db.engine.begin() as connection:
        await refresh_statistics(connection)


async def insert_once(db: Database, n: int) -> float:
    """The time of one one-row SQLModel insert, in its own transaction (``n``: unique)."""
    started = time.perf_counter()
    async with db.session() as session:
        await add_row(
            session,
            Member(workspace="anchor", user_id=f"a{n}", display_name="Ancre", last_seen=NOW),
        )
    return time.perf_counter() - started


def chosen(variable: str) -> list[str]:
    """The comma-separated words of an environment variable (none: everything)."""
    return [
        word.strip().lower() for word in os.environ.get(variable, "").split(",") if word.strip()
    ]


def commands() -> tuple[tuple[str, str, str], ...]:
    wanted = chosen("OUTARDE_BENCH_COMMANDS")
    return tuple(c for c in COMMANDS if not wanted or any(c[0].startswith(w) for w in wanted))


ACTOR = Actor("u0", "Personne 0", is_admin=True)  # a coordinator of the grown workspace
ANCHORS_PER_ROUND = 3


@dataclass
class Grown:
    """One size's seeded database, the core answering on it, and what was timed there."""

    size: Size
    db: Database
    cleanup: Callable[[], Awaitable[None]]
    anchors: list[float] = field(default_factory=list)
    samples: dict[str, list[float]] = field(default_factory=dict)
    app: Outarde = field(init=False)

    def __post_init__(self) -> None:
        self.app = build_core(
            self.db, RecordingNotifier(), clock=ManualClock(NOW), founder_is_coordinator=True
        )

    async def timed(self, label: str, name: str, text: str) -> float:
        surface = Answers()
        started = time.perf_counter()
        await self.app.command(Invocation(PLACE, ACTOR), name, text, surface)
        elapsed = time.perf_counter() - started
        last = surface.sent[-1] if surface.sent else None
        assert last is not None and "Oups" not in (last.text or ""), label
        return elapsed


async def measure(grown: list[Grown], repeat: int) -> None:
    """Each command ``repeat`` times at every size, the sizes in turn for each sample, so a
    noisy moment of the machine weighs on every size alike; the one-row insert likewise."""
    for one in grown:  # a first call at each size warms its caches (and draws its chart)
        forget_drawn()  # two sizes may show the same chart: each draws its own
        for label, name, text in commands():
            one.samples[label] = []
            first = await one.timed(label, name, text)
            if label in FIRST_CALL:
                one.samples[f"{label} (first call)"] = [first]
    for one in grown:  # what the next size's first call forgot is drawn again, untimed
        for label, name, text in commands():
            if label in FIRST_CALL:
                await one.timed(label, name, text)
    for round_ in range(repeat):
        for one in grown:
            for k in range(ANCHORS_PER_ROUND):
                one.anchors.append(await insert_once(one.db, round_ * ANCHORS_PER_ROUND + k))
        for label, name, text in commands():
            for one in grown:
                one.samples[label].append(await one.timed(label, name, text))


async def engine_rows(
    label: str, make, sizes: tuple[Size, ...], repeat: int
) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Build every size, measure them in turn, and report each command's p50 as a ratio to
    the insert at the same size and to the same command at the smallest size."""
    grown: list[Grown] = []
    built_rss: list[float] = []
    try:
        for size in sizes:
            made = await make()
            if made is None:
                return [(label, "unreachable: not measured")]
            grown.append(Grown(size, *made))
            await seed(grown[-1].db, size)
            await refreshed(grown[-1].db)
            built_rss.append(rss_mb())
        await measure(grown, repeat)
    finally:
        for one in grown:
            await one.cleanup()
    rows: list[tuple[str, str]] = []
    smallest = {command: statistics.median(times) for command, times in grown[0].samples.items()}
    for one, rss in zip(grown, built_rss, strict=True):
        anchor = statistics.median(one.anchors)
        rows.append((f"{label} {one.size.label} one-row insert", f"{anchor * 1000:.2f} ms"))
        for command, times in one.samples.items():
            p50 = statistics.median(times)
            rows.append(
                (
                    f"{label} {one.size.label} {command}",
                    f"{p50 / anchor:.1f}× insert ({p50 * 1000:.1f} ms; "
                    f"{p50 / smallest[command]:.2f}× smallest)",
                )
            )
        rows.append((f"{label} {one.size.label} peak RSS", f"{rss:.0f} MB"))
    rows.append((f"{label} peak RSS, every size built and measured", f"{rss_mb():.0f} MB"))
    return rows


async def _sqlite():  # type: ignore[no-untyped-def]
    db = await sqlite_db()
    return db, db.dispose


async def _postgres():  # type: ignore[no-untyped-def]
    made = await postgres_db()
    if made is None:
        return None
    db, schema = made
    return db, lambda: drop_postgres(db, schema)


async def _run(quick: bool) -> list[tuple[str, str]]:
    sizes, repeat = (QUICK, 1) if quick else (FULL, 7)
    labels = chosen("OUTARDE_BENCH_SIZES")
    sizes = tuple(s for s in sizes if not labels or s.label.lower() in labels)
    engines = chosen("OUTARDE_BENCH_ENGINES") or ["sqlite", "postgresql"]
    rows = await engine_rows("SQLite", _sqlite, sizes, repeat) if "sqlite" in engines else []
    if not quick and "postgresql" in engines:
        rows += await engine_rows("PostgreSQL", _postgres, sizes, repeat)
    return rows


def run(quick: bool | None = None) -> list[tuple[str, str]]:
    warnings.filterwarnings("ignore", message="No artists with labels")
    if quick is None:
        quick = os.environ.get("OUTARDE_BENCH_QUICK") == "1"
    return asyncio.run(_run(quick))


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
