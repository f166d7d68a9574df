"""Faults: an unreachable database gets a clear answer, and the bot recovers without restart."""

from __future__ import annotations

import asyncio
import contextlib
import socket

from sqlalchemy.engine.url import make_url

from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from storage.db import Database
from testkit.doubles import Answers, RecordingNotifier
from testkit.fixtures import POSTGRES_URL, drop_schema, postgres_database, postgres_only

PLACE = Place("console", "t1", "general")
ALICE = Actor("alice", "Alice")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_unreachable_database_answers_service_unavailable(clock) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/test")
    app = build_core(db, RecordingNotifier(), clock=clock)
    answers = Answers()
    await app.command(Invocation(PLACE, ALICE), "partenaire", "moi CDC / communautaire", answers)
    await db.dispose()
    assert "Service momentanément indisponible" in answers.text
    assert "rien n'a été enregistré" in answers.text


class Proxy:
    """A TCP proxy in front of PostgreSQL that can be cut and restored."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.server: asyncio.Server | None = None
        self.port = free_port()
        self.pipes: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def cut(self) -> None:
        """Refuse new connections and break the open ones."""
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None
        for task in list(self.pipes):
            task.cancel()
        await asyncio.gather(*self.pipes, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)

        async def pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            finally:
                sink.close()

        tasks = [
            asyncio.create_task(pump(reader, up_writer)),
            asyncio.create_task(pump(up_reader, writer)),
        ]
        self.pipes.update(tasks)
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await asyncio.gather(*tasks)
        self.pipes.difference_update(tasks)


@postgres_only
async def test_the_bot_reconnects_when_the_database_returns(clock) -> None:  # type: ignore[no-untyped-def]
    url = str(POSTGRES_URL)
    seeded, schema = await postgres_database()
    await seeded.dispose()
    target = make_url(url)
    proxy = Proxy(target.host or "127.0.0.1", target.port or 5432)
    await proxy.start()
    db = Database(str(target.set(host="127.0.0.1", port=proxy.port)), search_path=schema)
    app = build_core(db, RecordingNotifier(), clock=clock, founder_is_coordinator=True)
    inv = Invocation(PLACE, ALICE)
    try:
        before = Answers()
        await app.command(inv, "partenaire", "moi CDC des Collines / communautaire", before)
        assert "C'est noté" in before.text
        await proxy.cut()
        during = Answers()
        await app.command(inv, "partenaire", "moi CLD / développement", during)
        assert "Service momentanément indisponible" in during.text
        await proxy.start()
        after = Answers()
        await app.command(inv, "partenaire", "liste", after)
        assert "CDC des Collines" in after.text and "Alice" in after.text
        assert "CLD" not in after.text  # the refused command stored nothing
    finally:
        await proxy.cut()
        await db.dispose()
        await drop_schema(schema)
