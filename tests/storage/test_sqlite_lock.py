"""Another process holding SQLite's write lock never freezes the bot (issue 24, item 4)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime

import aiohttp
import pytest
from sqlalchemy.exc import OperationalError

from bot.inbox import Inbox, Ticket
from storage import inbox as store
from testkit.fixtures import TEST_LIMITS
from testkit.slack_standin import command_payload, form_body, http_slack, slack_bot, standin

__all__ = ["http_slack", "slack_bot", "standin"]  # fixtures

HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
print("released", flush=True)
"""


def sqlite_path(db) -> str:  # type: ignore[no-untyped-def]
    return db.engine.url.database


# SQLite's file lock only: these tests run on the SQLite database alone
pytestmark = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


@pytest.fixture
def holder(db):  # type: ignore[no-untyped-def]
    """A second process that takes the database's write lock and keeps it until told."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, sqlite_path(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()


def release(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "released"


async def test_acks_and_health_answer_while_another_process_holds_the_lock(
    db, holder, http_slack, slack_bot, standin
) -> None:  # type: ignore[no-untyped-def]
    async with db.engine.connect() as connection:  # a short wait, then the outage reply
        raw = await connection.get_raw_connection()
        raw.driver_connection.lock_timeout = 1.0
    await _while_locked(db, holder, http_slack, slack_bot, standin)


async def _while_locked(db, holder, http_slack, slack_bot, standin) -> None:  # type: ignore[no-untyped-def]
    body = form_body(command_payload("/partenaire", "moi", standin=standin))
    status, _ = await http_slack.send(body, timeout=2.0)  # Slack waits three seconds
    assert status == 200
    health = http_slack.events_url.replace("/slack/events", "/healthz")
    async with http_slack.session.get(health, timeout=aiohttp.ClientTimeout(total=1.0)) as r:
        assert r.status == 200
    await slack_bot.drain()
    assert holder.poll() is None  # still held: everything above happened under the lock
    [answer] = standin.private()
    assert "indisponible" in str(answer)
    release(holder)  # the bot works again at once
    body = form_body(command_payload("/partenaire", "moi", standin=standin))
    status, _ = await http_slack.send(body, timeout=2.0)
    assert status == 200
    await slack_bot.drain()
    assert len(standin.private()) == 2 and "indisponible" not in str(standin.private()[1])


async def test_an_entry_is_not_written_at_once_under_another_process_lock(db, holder) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    assert db.idle_sqlite() is not None  # the connection exists and is free
    with pytest.raises(store.NotNow):  # the batch writer waits for the lock instead
        store.record_now(db, store.new_row("slack:T1", "U1", "command", "k1", "{}", "h", now))
    connection = db.idle_sqlite()
    assert connection is not None and not connection.in_transaction  # nothing left open
    release(holder)
    assert store.record_now(db, store.new_row("slack:T1", "U1", "command", "k1", "{}", "h", now))


async def test_a_batch_of_records_that_cannot_be_written_fails_alone(db, holder) -> None:  # type: ignore[no-untyped-def]
    async with db.engine.connect() as connection:  # a short wait for the lock, then failure
        raw = await connection.get_raw_connection()
        raw.driver_connection.lock_timeout = 0.2
    inbox = Inbox(db, TEST_LIMITS)

    def tickets(count: int, first: int = 0) -> list[Ticket]:
        admitted = [inbox.admit("slack:T1", f"U{first + n}") for n in range(count)]
        assert all(isinstance(ticket, Ticket) for ticket in admitted)
        return admitted  # type: ignore[return-value]

    locked = tickets(5)
    results = await asyncio.gather(  # five forms submitted at once, under the lock
        *(inbox.record(t, "view", f"v{n}", {}, strict=True) for n, t in enumerate(locked)),
        return_exceptions=True,
    )
    assert all(isinstance(result, OperationalError) for result in results)  # the outage reply
    assert inbox.records.batches == 1 and all(t.entry_id is None for t in locked)
    release(holder)
    after = tickets(3, first=5)
    firsts = await asyncio.gather(
        *(inbox.record(t, "view", f"w{n}", {}, strict=True) for n, t in enumerate(after))
    )
    assert firsts == [True, True, True] and all(t.entry_id is not None for t in after)
    for ticket in locked + after:
        inbox.release(ticket)
    await inbox.drain()
