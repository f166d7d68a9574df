"""A Discord bot process offline, for crash tests: ``python -m tests.adapters.discord.
discord_process JOURNAL``.

The real ``OutardeClient`` on the configured database (``OUTARDE_DATABASE_URL``), its
scheduler and inbox started as ``outarde discord`` starts them, served by the command line's
own ``serve`` (SIGTERM drains). The gateway is this process's standard input: one
INTERACTION_CREATE payload (JSON) per line. Every request the bot makes to Discord is
answered by the harness's recorder after ``DISCORD_DELAY`` seconds and written to JOURNAL,
one JSON line each, as it is made.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from adapters.discord.cli import serve
from adapters.discord.client import OutardeClient
from bot import logs
from storage.db import Database
from testkit.discord_harness import Recorder, Request, prepare


class Journal(list[Request]):
    """The recorder's requests, each also written to a file the moment it is made."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.file = path.open("a", encoding="utf-8")

    def append(self, request: Request) -> None:
        super().append(request)
        line = {"method": request.method, "path": request.path, "url": request.url}
        line |= {"payload": request.payload, "text": request.text()}
        self.file.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.file.flush()


async def gateway(client: OutardeClient) -> None:
    """Interactions from standard input, as the gateway would deliver them; then wait."""
    reader = asyncio.StreamReader(limit=2**22)
    protocol = asyncio.StreamReaderProtocol(reader)
    await asyncio.get_running_loop().connect_read_pipe(lambda: protocol, sys.stdin)
    while line := await reader.readline():
        payload: dict[str, Any] = json.loads(line)
        client._connection.parse_interaction_create(payload)
    await asyncio.Event().wait()


async def main(journal: Path, delay: float) -> None:
    db = Database()
    client = OutardeClient.build(db, start_scheduler=True)
    recorder = Recorder()
    recorder.requests = Journal(journal)
    recorder.delay = delay
    await prepare(client, recorder)  # starts the scheduler and the inbox: resumes first
    print("ready", flush=True)
    try:
        await serve(client, gateway(client))
    finally:
        await db.dispose()


if __name__ == "__main__":
    logs.configure()
    import os

    asyncio.run(main(Path(sys.argv[1]), float(os.environ.get("DISCORD_DELAY", "0"))))
