"""Closing at the deadline survives a restart: a new Outarde on the same database closes it."""

from __future__ import annotations

from datetime import timedelta

from bot.compose import build_core
from bot.messages import Image
from testkit.doubles import RecordingNotifier
from tests.bot.features.polls.test_polls_helpers import click, command, last_poll, settle


async def test_deadline_close_after_a_restart(db, clock) -> None:  # type: ignore[no-untyped-def]
    first = build_core(db, RecordingNotifier(), clock=clock, founder_is_coordinator=True)
    await command(first, "Alice", '"Q ?" Oui Non jusqu\'à demain 9h')
    poll = await last_poll(first)
    for name, choice in (("Bruno", 0), ("Chloé", 0), ("Denis", 1)):
        await click(first, name, "polls.vote", f"{poll.id}:{choice}")
    assert await settle(first) == 1
    del first  # the process stops; only the database remains

    clock.advance(timedelta(days=1))
    notifier = RecordingNotifier()
    second = build_core(db, notifier, clock=clock)
    await second.scheduler.recover()
    assert await second.run_due() == 1
    ((place, results),) = notifier.posts
    assert place.channel == "general" and "Résultats : Q ?" in results.text
    assert any(isinstance(block, Image) for block in results.blocks)
    assert "2 (67 %)" in str(results.blocks)
    ((_, _, updated),) = notifier.updates
    assert "(fermé)" in updated.text and updated.buttons() == []
    late = await click(second, "Ève", "polls.vote", f"{poll.id}:1")
    assert "Ce sondage est fermé" in late.text
    assert await second.run_due() == 0  # never closed twice
