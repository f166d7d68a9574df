"""A real ``outarde slack --http`` process on a SQLite file, talking to the Slack stand-in."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from testkit.paths import ROOT
from testkit.slack_standin import SECRET, HttpSlack, StandIn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SlackProcess:
    """Starts (and restarts) the bot as a separate process on one database file."""

    standin: StandIn
    database: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, session: aiohttp.ClientSession) -> HttpSlack:
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": self.standin.api_url,
            "OUTARDE_DATABASE_URL": f"sqlite+aiosqlite:///{self.database}",
            **self.env,
        }
        env.pop("SLACK_APP_TOKEN", None)
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli", "slack", "--http", "--host", "127.0.0.1",
            "--port", str(self.port), cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(600):  # until it listens (migrations first)
            try:
                async with session.get(f"{self.url}/healthz") as r:
                    if r.status == 200:
                        return HttpSlack(f"{self.url}/slack/events", session)
            except aiohttp.ClientError:
                pass
            if self.process.returncode is not None:
                raise AssertionError("the bot stopped while starting")
            await asyncio.sleep(0.1)
        raise AssertionError("the bot did not start")

    async def stop(self, signal_number: int, timeout: float = 15.0) -> int:
        assert self.process is not None
        self.process.send_signal(signal_number)
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def close(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    def rss_kb(self) -> int:
        """The process's resident memory (Linux)."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1])

    def query(self, sql: str) -> list[tuple]:  # type: ignore[type-arg]
        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql).fetchall()
