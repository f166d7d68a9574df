"""A kill -9 at any moment loses no input the bot had acknowledged."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from storage.db import Database
from storage.models.partners import Organisation
from tests.console_process import ROOT, console_env


def test_acknowledged_commands_survive_a_kill(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'crash.db'}"
    env = console_env(tmp_path / "crash.db", OUTARDE_LOG_LEVEL="WARNING")
    bot = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "console"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert bot.stdin and bot.stdout
    acknowledged: list[str] = []
    kill_after = random.Random(7).randint(5, 25)
    for number in range(1, 40):
        name = f"Organisme {number}"
        bot.stdin.write(f"/partenaire ajouter {name}\n")
        bot.stdin.flush()
        while "est ajouté" not in (line := bot.stdout.readline()):
            assert line, "the console stopped answering"
        acknowledged.append(name)
        if number == kill_after:
            bot.stdin.write("/partenaire ajouter Pas encore confirmé\n")
            bot.stdin.flush()
            os.kill(bot.pid, signal.SIGKILL)
            break
    bot.wait(timeout=30)

    async def stored() -> set[str]:
        db = Database(url)
        async with db.session() as session:
            names = set((await session.exec(select(Organisation.name))).all())
        await db.dispose()
        return names

    names = asyncio.run(stored())
    assert set(acknowledged) <= names
    assert len(acknowledged) == kill_after
