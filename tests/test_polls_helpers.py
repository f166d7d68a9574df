"""Shared helpers for the /sondage tests: direct calls to the core as several people."""

from __future__ import annotations

from sqlmodel import select

from bot.app import Outarde
from bot.context import Actor, Invocation, Place
from bot.messages import Message, plain_text
from storage.models.polls import Poll

PLACE = Place("console", "table", "general")


class Answers:
    """A surface that keeps what it is sent (channel posts get a reference)."""

    def __init__(self) -> None:
        self.sent: list[Message] = []
        self.forms: list = []

    async def send(self, message: Message) -> str | None:
        self.sent.append(message)
        return None if message.ephemeral else f"ref{len(self.sent)}"

    async def open_form(self, form) -> None:  # type: ignore[no-untyped-def]
        self.forms.append(form)

    @property
    def text(self) -> str:
        return "\n".join(plain_text(m) for m in self.sent)


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
