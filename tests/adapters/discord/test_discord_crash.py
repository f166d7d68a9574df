"""Interactions a Discord bot process took in survive a crash and a stop: killed with SIGKILL,
or stopped by SIGTERM with its work not done, the process is started again and every fact is
saved exactly once, its answer posted at most once (issue 24, 3)."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest

from testkit.discord_harness import command_data, interaction_payload
from tests.console_process import ROOT, console_env

FACTS = 8
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"
WORKERS = 1


def payloads() -> list[str]:
    """One ``/faitsaillant voir`` per person, with interaction ids of now."""
    lines = []
    base = discord.utils.time_snowflake(datetime.now(UTC))
    for number in range(FACTS):
        data = command_data("faitsaillant", "voir", f"Fait numéro {number} #emploi")
        payload = interaction_payload(
            2, data, user_id=str(800000000000000100 + number), name=f"Personne {number}"
        )
        payload["id"] = str(base + number)
        lines.append(json.dumps(payload))
    return lines


class BotProcess:
    """``tests/adapters/discord/discord_process.py`` on a SQLite file; its journal."""

    def __init__(self, env: dict[str, str], journal: Path) -> None:
        self.journal = journal
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.adapters.discord.discord_process", str(journal)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    async def ready(self) -> None:
        assert self.process.stdout is not None
        line = await asyncio.to_thread(self.process.stdout.readline)
        assert line.strip() == "ready"

    def send(self, lines: list[str]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(line + "\n" for line in lines))
        self.process.stdin.flush()

    def requests(self) -> list[dict]:  # type: ignore[type-arg]
        if not self.journal.exists():
            return []
        text = self.journal.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.endswith("}")]

    async def stop(self, how: signal.Signals) -> int:
        self.process.send_signal(how)
        return await asyncio.to_thread(self.process.wait, 20)

    def close(self) -> None:
        """Never leave the process behind, whatever the test found."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def query(database: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


async def eventually(check, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "not reached in time"
        await asyncio.sleep(0.1)


def posts_of(requests: list[dict], number: int) -> int:  # type: ignore[type-arg]
    """How many channel posts (or follow-ups) answered fact ``number``."""
    wanted = f"Fait numéro {number}"
    return sum(
        1
        for r in requests
        if r["method"] == "POST"
        and (r["path"].endswith("/messages") or r["path"] == FOLLOWUP)
        and wanted in r["text"]
    )


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
async def test_interactions_taken_in_run_once_after_a_restart(how, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "outarde.db"
    env = console_env(
        database,
        OUTARDE_WORKERS=str(WORKERS),
        OUTARDE_DRAIN_SECONDS="0.3",
        DISCORD_DELAY="1.0",  # Discord slow: the work is pending when the process stops
    )
    first = BotProcess(env, tmp_path / "first.jsonl")
    try:
        await first.ready()
        first.send(payloads())
        taken_in = "SELECT count(*) FROM inbox WHERE kind = 'discord.command'"
        await eventually(lambda: query(database, taken_in) == [(FACTS,)])  # all recorded
        await first.stop(how)
    finally:
        first.close()
    left = query(database, "SELECT count(*) FROM inbox WHERE status = 'pending'")[0][0]
    assert left > 0  # the stop came with work not done

    second = BotProcess(console_env(database, DISCORD_DELAY="0"), tmp_path / "second.jsonl")
    try:
        await second.ready()  # it resumed the pending entries as it started
        pending = "SELECT count(*) FROM inbox WHERE status = 'pending'"
        await eventually(lambda: query(database, pending) == [(0,)])
        await eventually(lambda: sum(posts_of(second.requests(), n) for n in range(FACTS)) > 0)
        await asyncio.sleep(0.5)  # the last answers on their way
    finally:
        try:
            await second.stop(signal.SIGTERM)
        finally:
            second.close()
    saved = query(database, "SELECT text FROM highlight ORDER BY text")
    assert saved == [(f"Fait numéro {n} #emploi",) for n in range(FACTS)]  # each exactly once
    answered = first.requests() + second.requests()
    counts = [posts_of(answered, number) for number in range(FACTS)]
    assert max(counts) == 1  # never answered twice
    # only a reply on its way when the process ends (a kill -9, or the end of the stop's
    # budget) can be missed, one per worker at most: its fact is saved
    assert counts.count(0) <= WORKERS
    resumed = [r for r in second.requests() if "/webhooks/" in r["url"]]
    assert resumed  # answers of the resumed interactions: their own follow-ups, placeholders
