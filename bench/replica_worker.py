"""One Outarde replica for bench_replicas: the real scheduler, posts recorded in a shared file.

``python -m bench.replica_worker URL SCHEMA FILE [POST_SECONDS]``: each reminder posted appends
« meeting id, process id, time » to FILE (one write per line, so lines of two processes never
mix); a post takes POST_SECONDS, as a platform API call would. SIGTERM stops it cleanly.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
import time

from bot.app import Outarde
from bot.context import Place
from bot.messages import Message
from storage.db import Database

TITLE = re.compile(r"Bench (\d+)")


class FileNotifier:
    """Appends one line per reminder posted: « meeting pid time »."""

    def __init__(self, path: str, post_seconds: float) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.post_seconds = post_seconds

    async def post(self, place: Place, message: Message) -> str | None:
        await asyncio.sleep(self.post_seconds)
        found = TITLE.search(message.text or "")
        if found:
            os.write(self.fd, f"{found.group(1)} {os.getpid()} {time.time():.6f}\n".encode())
        return "ref"

    async def update(self, place: Place, ref: str, message: Message) -> None:
        return None


async def serve(url: str, schema: str, path: str, post_seconds: float) -> None:
    db = Database(url, search_path=schema)
    app = Outarde(db, notifier=FileNotifier(path, post_seconds))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await app.scheduler.start()
    print("ready", flush=True)
    await stop.wait()
    await app.scheduler.stop()
    await db.dispose()


if __name__ == "__main__":
    post = float(sys.argv[4]) if len(sys.argv) > 4 else 0.05
    asyncio.run(serve(sys.argv[1], sys.argv[2], sys.argv[3], post))
