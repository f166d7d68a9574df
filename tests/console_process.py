"""The console as a separate process, on its own migrated SQLite file (end-to-end tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from testkit.paths import ROOT as PROJECT_ROOT

ROOT = PROJECT_ROOT


def console_env(database: Path, **extra: str) -> dict[str, str]:
    """The environment of a console process on ``database``, migrated, with no platform token."""
    env = {
        **os.environ,
        "OUTARDE_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "OUTARDE_LOG_FILE": str(database.with_suffix(".log")),
        **extra,
    }
    for name in ("SLACK_BOT_TOKEN", "DISCORD_TOKEN"):
        env.pop(name, None)
    subprocess.run(
        [sys.executable, "-m", "adapters.cli", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return env
