"""Shared helpers for the /sondage tests: direct calls to the core as several people."""

from __future__ import annotations

from sqlmodel import select

from bot.app import Outarde
from bot.context import Actor, Invocation, Place
from storage.models.polls import Poll
from testkit.doubles import Answers

PLACE = Place("console", "table", "general")


def person(name: str) -> Invocation:
    return Invocation(PLACE, Actor(name.lower(), name))


async def command(app: Outarde, who: str, text: str, place: Place = PLACE) -> Answers:
    answers = Answers()
    await app.command(Invocation(place, Actor(who.lower(), who)), "sondage", text, answers)
    return answers


async def click(app: Outarde, who: str, action: str, value: str) -> Answers:
    answers = Answers()
    await app.action(person(who), action, value, answers)
    return answers


async def last_poll(app: Outarde) -> Poll:
    async with app.db.session() as session:
        polls = (await session.exec(select(Poll).order_by(Poll.id))).all()  # type: ignore[arg-type]
    return polls[-1]


async def settle(app: Outarde) -> int:
    """Let a burst of clicks settle: the catch-up refresh of poll messages runs."""
    from datetime import timedelta

    app.clock.advance(timedelta(seconds=3))  # type: ignore[attr-defined]
    return await app.run_due()
