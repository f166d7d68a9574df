"""``outarde slack --http`` stopped by SIGTERM (``docker stop``) while acknowledged commands
are still running: each one is finished and answered before the process exits (issue 24, 3)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys

import aiohttp

from testkit.paths import ROOT as PROJECT_ROOT
from testkit.slack_standin import SECRET, HttpSlack, command_payload, form_body, standin

__all__ = ["standin"]  # fixture
ROOT = PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_sigterm_drains_the_acknowledged_commands(standin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.api_url,
        "OUTARDE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'outarde.db'}",
    }
    env.pop("SLACK_APP_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "slack", "--http", "--host", "127.0.0.1",
        "--port", str(port), cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(300):  # until it listens (migrations first)
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            http = HttpSlack(f"http://127.0.0.1:{port}/slack/events", session)
            standin.slow["users.info"] = 1.5  # the work is still pending when SIGTERM comes
            users = ["U0ALICE", "U0BRUNO", "U0CLARA"]
            for user in users:
                body = form_body(command_payload("/outarde", "aide", user=user, standin=standin))
                assert (await http.send(body))[0] == 200
            await standin.wait_for("users.info", len(users))
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 10) is not None
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert len(standin.private()) == len(users)  # every acknowledged command was answered
