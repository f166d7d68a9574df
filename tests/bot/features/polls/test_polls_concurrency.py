"""1,000 people clicking at the same time on SQLite: every vote counted, exactly once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import func, select

from bot.context import Actor, Invocation, Place
from storage.models.polls import PollChoice, PollVote, PollVoter
from tests.bot.features.polls.test_polls_helpers import Answers

PLACE = Place("console", "table", "general")
VOTERS = 1000


async def test_a_thousand_concurrent_votes_are_counted_exactly(app) -> None:  # type: ignore[no-untyped-def]
    author = Invocation(PLACE, Actor("alice", "Alice"))
    await app.command(author, "sondage", '"Q ?" A B C', Answers())
    surfaces = [Answers() for _ in range(VOTERS)]
    await asyncio.gather(
        *(
            app.action(Invocation(PLACE, Actor(f"p{i}", f"P{i}")), "polls.vote", f"1:{i % 3}", s)
            for i, s in enumerate(surfaces)
        )
    )
    assert not [s.text for s in surfaces if "⚠️" in s.text]
    async with app.db.session() as session:
        statement = select(PollVote.position, func.count()).group_by(PollVote.position)
        counts = dict((await session.exec(statement)).all())
    assert counts == {0: 334, 1: 333, 2: 333}
    app.clock.advance(timedelta(seconds=3))
    assert await app.run_due() == 1  # one catch-up refresh for the whole burst
    final = str(app.notifier.updates[-1][2].blocks)
    assert "334 (33 %)" in final and "1000 réponses" in final


async def test_a_thousand_concurrent_anonymous_ballots_and_double_clicks(app) -> None:  # type: ignore[no-untyped-def]
    author = Invocation(PLACE, Actor("alice", "Alice"))
    await app.command(author, "sondage", '"Q ?" A B C anonyme', Answers())
    people = [Invocation(PLACE, Actor(f"p{i}", f"P{i}")) for i in range(VOTERS)]
    clicks = [(person, f"1:{1 << (i % 3)}") for i, person in enumerate(people)]
    clicks += [(people[i], "1:1") for i in range(0, VOTERS, 10)]  # 100 second tries
    surfaces = [Answers() for _ in clicks]
    await asyncio.gather(
        *(
            app.action(p, "polls.cast", value, s)
            for (p, value), s in zip(clicks, surfaces, strict=True)
        )
    )
    refused = [s for s in surfaces if "déjà répondu" in s.text]
    assert len(refused) == 100
    await app.command(author, "sondage", "fermer 1", Answers())  # the sealed ballots count
    async with app.db.session() as session:
        votes = (await session.exec(select(PollChoice.votes).order_by(PollChoice.position))).all()
        voters = (await session.exec(select(func.count()).select_from(PollVoter))).one()
    assert voters == VOTERS and sum(votes) == VOTERS
    # which of a person's two simultaneous clicks wins is up to the database: each of the
    # 100 second tries (choice A) may have replaced a first choice B or C
    assert 334 <= votes[0] <= 334 + 66 and votes[1] + votes[2] == VOTERS - votes[0]
