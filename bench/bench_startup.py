"""Start-up: ``outarde console`` ready with empty input, against importing the platform
libraries alone (``python -c "import slack_bolt, discord, sqlmodel"``), each a fresh process,
alternated in the same run: ``python -m bench startup``."""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 7
ROOT = Path(__file__).resolve().parent.parent
ANCHOR = [sys.executable, "-c", "import slack_bolt, discord, sqlmodel"]


CONSOLE = [sys.executable, "-m", "adapters.cli", "console"]


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, env=env, input=b"", capture_output=True, check=True, timeout=120
    )
    return time.perf_counter() - started


def _compile_project() -> None:
    """Bytecode for the project's modules, as an installed package has it (``pip install .``
    compiles; an editable install with PYTHONDONTWRITEBYTECODE would recompile every start)."""
    for package in ("bot", "adapters", "storage"):
        compileall.compile_dir(ROOT / package, quiet=1)


def run() -> list[tuple[str, str]]:
    _compile_project()
    with tempfile.TemporaryDirectory(prefix="outarde-startup-") as folder:
        env = {**os.environ, "OUTARDE_DATABASE_URL": f"sqlite+aiosqlite:///{folder}/o.db"}
        _timed(CONSOLE, env)  # the first run creates the database
        anchor, console = [], []
        for _ in range(ROUNDS):
            anchor.append(_timed(ANCHOR, env))
            console.append(_timed(CONSOLE, env))
    a, c = statistics.median(anchor), statistics.median(console)
    return [
        ("import slack_bolt, discord, sqlmodel (median)", f"{a * 1000:.0f} ms"),
        ("outarde console, empty input (median)", f"{c * 1000:.0f} ms"),
        ("ratio console / imports", f"{c / a:.2f}×"),
    ]


if __name__ == "__main__":
    for metric, value in run():
        print(f"{metric}: {value}")
