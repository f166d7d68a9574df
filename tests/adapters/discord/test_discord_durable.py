"""Discord interactions taken in are recorded in the inbox and survive a stop: the next process
runs each once, its answers the interaction's follow-ups while Discord takes them, then the
channel or the person's direct messages (issue 24, 3)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
from sqlmodel import col, select

from bot.compose import build_core
from bot.inbox import LEASE
from bot.limits import Limits, Rate
from storage import inbox as store
from storage.models.highlights import Highlight
from storage.models.inbox import InboxEntry
from storage.models.vocab import VocabProposal
from testkit.discord_harness import (
    APPLICATION_ID,
    CHANNEL_ID,
    Harness,
    Request,
    command_data,
    interaction_payload,
    modal_data,
    settle,
)

ALICE = {"user_id": "800000000000000001", "name": "Alice"}
BRUNO = {"user_id": "800000000000000002", "name": "Bruno"}
CLARA = {"user_id": "800000000000000003", "name": "Clara"}
FACT = "Halte-garderie ouverte à Gatineau #famille"
_fresh = itertools.count()


def fresh_id() -> str:
    """An interaction id of now (Discord takes its follow-ups for 15 minutes)."""
    return str(discord.utils.time_snowflake(datetime.now(UTC)) + next(_fresh))


def interaction(family: str, sub: str, text: str | None, person: dict[str, str], *, now: bool):
    payload = interaction_payload(2, command_data(family, sub, text), **person)
    if now:
        payload["id"] = fresh_id()
    return payload


async def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "not reached in time"
        await asyncio.sleep(0.01)


async def crash() -> None:
    """The process stops dead: every task it runs is cut off where it is."""
    current = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def deferred(requests: list[Request], token: str) -> bool:
    return any(r.url.find(token) >= 0 and r.payload.get("type") == 5 for r in requests)


def of_token(requests: list[Request], token: str) -> list[Request]:
    return [r for r in requests if token in r.url]


async def highlights(db) -> list[str]:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        return list((await session.exec(select(Highlight.text))).all())


async def cut_off(db, clock, notifier, router, *, now: bool) -> tuple[Harness, dict, dict]:  # type: ignore[no-untyped-def]
    """A process that took in three commands and stopped before two of them ran: Clara's
    answer is slow to reach Discord (her command has run), Alice's and Bruno's wait for the
    one worker."""
    limits = Limits(person=Rate(100, 1.0), workspace=Rate(1000, 1.0), workers=1)
    app = build_core(db, notifier, clock=clock, router=router, limits=limits)
    bot = await Harness(app, defer_after=0.05).start()
    clara = interaction("outarde", "aide", None, CLARA, now=now)
    alice = interaction("outarde", "aide", None, ALICE, now=now)
    bruno = interaction("faitsaillant", "voir", FACT, BRUNO, now=now)
    bot.recorder.held.add(clara["token"])
    requests = bot.recorder.requests
    bot.client._connection.parse_interaction_create(clara)
    await eventually(lambda: bool(of_token(requests, clara["token"])))  # held by Discord
    for payload in (alice, bruno):
        bot.client._connection.parse_interaction_create(payload)
    await eventually(
        lambda: deferred(requests, alice["token"]) and deferred(requests, bruno["token"])
    )
    # Clara's command ran (it is settled with its work); the two others wait, recorded
    for _ in range(1000):
        if await store.pending_count(db) == 2:
            break
        await asyncio.sleep(0.01)
    await crash()
    assert await store.pending_count(db) == 2
    return bot, alice, bruno


async def restarted(bot: Harness) -> int:
    """The next process: takes over what the stopped one left (its lease has run out)."""
    bot.recorder.held.clear()
    bot.recorder.released = asyncio.Event()
    await bot.start()
    bot.app.inbox.now = lambda: datetime.now(UTC) + LEASE + timedelta(seconds=1)
    resumed = await bot.app.inbox.sweep(at_start=True)
    await bot.app.inbox.drain()
    await settle()
    return resumed


async def test_what_a_stopped_process_took_in_runs_once_as_follow_ups(
    db, clock, notifier, router
) -> None:  # type: ignore[no-untyped-def]
    bot, alice, bruno = await cut_off(db, clock, notifier, router, now=True)
    assert await highlights(db) == []  # Bruno's work never ran
    start = len(bot.recorder.requests)
    assert await restarted(bot) == 2
    after = bot.recorder.since(start)
    assert await highlights(db) == [FACT]  # run once
    assert await store.pending_count(db) == 0
    # nothing answers the interactions a second time: follow-ups of their own webhooks
    assert not any(r.path.endswith("/callback") for r in after)
    [help_answer, *_] = of_token(after, alice["token"])
    assert help_answer.method == "POST"
    assert help_answer.path == "/webhooks/{webhook_id}/{webhook_token}"
    assert str(APPLICATION_ID) in help_answer.url and help_answer.ephemeral
    assert "/faitsaillant" in help_answer.text()
    posted = [r for r in after if r.path == "/channels/{channel_id}/messages"]
    assert any("Halte-garderie" in r.text() for r in posted)  # the public answer, in the channel
    tidied = of_token(after, bruno["token"])
    # its « Outarde réfléchit… » placeholder removed, the answer being in the channel
    assert [(r.method, r.url.endswith("/messages/%40original")) for r in tidied] == [
        ("DELETE", True)
    ]
    assert await restarted(bot) == 0  # nothing left: never twice
    assert await highlights(db) == [FACT]


async def test_after_the_token_ended_answers_go_to_the_channel_and_direct_messages(
    db, clock, notifier, router
) -> None:  # type: ignore[no-untyped-def]
    bot, *_ = await cut_off(db, clock, notifier, router, now=False)  # ids of 2021
    bot.recorder.closed_dms.add(ALICE["user_id"])  # Alice accepts no direct message
    start = len(bot.recorder.requests)
    assert await restarted(bot) == 2
    after = bot.recorder.since(start)
    assert not any("/webhooks/" in r.url for r in after)  # no follow-up tried on a dead token
    assert await highlights(db) == [FACT]
    channel = [m for m in bot.recorder.channel_messages if m["channel_id"] == str(CHANNEL_ID)]
    assert any("Halte-garderie" in m["content"] + str(m["embeds"]) for m in channel)
    # Alice's private answer: her direct messages refused it, so the channel, naming her
    named = [m for m in channel if m["content"].startswith(f"🔒 <@{ALICE['user_id']}>")]
    assert named and "/faitsaillant" in named[0]["content"] + str(named[0]["embeds"])
    assert all(m["mentions"] == [] for m in channel)


async def test_the_same_interaction_delivered_twice_runs_once(db, clock, notifier, router) -> None:  # type: ignore[no-untyped-def]
    app = build_core(db, notifier, clock=clock, router=router)
    bot = await Harness(app).start()
    payload = interaction("faitsaillant", "voir", FACT, BRUNO, now=True)
    await bot.dispatch(payload)
    await bot.dispatch(dict(payload))  # the gateway replays it after a reconnection
    assert await highlights(db) == [FACT]
    async with db.session() as session:
        entries = (await session.exec(select(InboxEntry))).all()
    assert [(e.kind, e.status) for e in entries] == [("discord.command", "done")]
    assert FACT in entries[0].payload and payload["token"] in entries[0].payload


async def test_a_click_and_a_form_are_recorded_with_what_runs_them_again(
    db, clock, notifier, router
) -> None:  # type: ignore[no-untyped-def]
    app = build_core(db, notifier, clock=clock, router=router)
    bot = await Harness(app).start()
    [modal] = await bot.command("vocab", "proposer")
    custom_id = modal.payload["data"]["custom_id"]
    await bot.submit(custom_id, {"terme": "arrimage", "definition": "lien entre services"})
    async with db.session() as session:
        rows = (await session.exec(select(InboxEntry).order_by(col(InboxEntry.id)))).all()
    kinds: list[Any] = [row.kind for row in rows]
    assert kinds == ["discord.command", "discord.form"]
    assert "lien entre services" in rows[1].payload and all(r.status == "done" for r in rows)


async def test_a_form_cut_off_by_a_stop_is_saved_once_by_the_next_process(
    db, clock, notifier, router
) -> None:  # type: ignore[no-untyped-def]
    limits = Limits(person=Rate(100, 1.0), workspace=Rate(1000, 1.0), workers=1)
    app = build_core(db, notifier, clock=clock, router=router, limits=limits)
    bot = await Harness(app, defer_after=0.05).start()
    [modal] = await bot.command("vocab", "proposer", **ALICE)
    custom_id = modal.payload["data"]["custom_id"]
    clara = interaction("outarde", "aide", None, CLARA, now=True)
    bot.recorder.held.add(clara["token"])
    requests = bot.recorder.requests
    bot.client._connection.parse_interaction_create(clara)
    await eventually(lambda: bool(of_token(requests, clara["token"])))
    values = {"terme": "arrimage", "definition": "lien entre services"}
    form = interaction_payload(5, modal_data(custom_id, values), **ALICE)
    form["id"] = fresh_id()
    bot.client._connection.parse_interaction_create(form)
    await eventually(lambda: deferred(requests, form["token"]))
    for _ in range(1000):
        if await store.pending_count(db) == 1:
            break
        await asyncio.sleep(0.01)
    await crash()
    assert await proposals(db) == []
    start = len(requests)
    assert await restarted(bot) == 1
    assert await proposals(db) == ["arrimage"]
    after = bot.recorder.since(start)
    posted = [r for r in after if r.path == "/channels/{channel_id}/messages"]
    assert any("arrimage" in r.text() for r in posted)  # the proposal, shown to the table
    assert [r.method for r in of_token(after, form["token"])] == ["DELETE"]  # placeholder


async def proposals(db) -> list[str]:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        return list((await session.exec(select(VocabProposal.term))).all())
