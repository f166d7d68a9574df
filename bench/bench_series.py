"""Planning a year at once: the draft and the confirmation of a 12- and a 24-meeting series,
as a ratio to planning one meeting the same way in the same run (SQLite, the console core)."""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime

from bench.common import sqlite_db
from bot.clock import ManualClock
from testkit.fixtures import console

NOW = datetime(2026, 10, 6, 18, 0, tzinfo=UTC)
ONE = "/rencontre planifier le 3e jeudi de novembre de 13 h 30 à 16 h | Salle"
TWELVE = "/rencontre annee chaque 3e jeudi du mois de 13 h 30 à 16 h | Salle"
TWENTY_FOUR = "/rencontre annee tous les mardis à 10 h (24 fois) | Salle"
ROUNDS = 5


async def _timed(line: str, button: str) -> float:
    """Milliseconds to type ``line`` and press ``button`` on a fresh database."""
    db = await sqlite_db()
    chat = console(db, ManualClock(NOW), founder_is_coordinator=True)
    await chat.type(":moi Coco", "/rencontre")
    started = time.perf_counter()
    await chat.type(line)
    await chat.type(f":clic {chat.last_buttons(button)[-1]}")
    elapsed = (time.perf_counter() - started) * 1000
    await db.dispose()
    return elapsed


async def _measure() -> list[tuple[str, str]]:
    cases = [
        ("1 meeting", ONE, "Confirmer"),
        ("12 meetings", TWELVE, "Confirmer les 12 rencontres"),
        ("24 meetings", TWENTY_FOUR, "Confirmer les 24 rencontres"),
    ]
    medians = {}
    for label, line, button in cases:
        medians[label] = statistics.median([await _timed(line, button) for _ in range(ROUNDS)])
    anchor = medians["1 meeting"]
    return [
        (f"plan + confirm, {label} (SQLite, median of {ROUNDS})",
         f"{value:.0f} ms ({value / anchor:.1f}× one meeting)")
        for label, value in medians.items()
    ]  # fmt: skip


def run() -> list[tuple[str, str]]:
    return asyncio.run(_measure())
