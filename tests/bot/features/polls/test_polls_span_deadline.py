"""/sondage: a deadline written as a span closes at the span's end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from storage.models.polls import Poll
from testkit.doubles import Answers
from tests.bot.features.polls.test_polls_helpers import command, last_poll, person

# the clock starts on Tuesday October 6, 2026, 14 h in Toronto (UTC-4)
FRIDAY_17H = datetime(2026, 10, 9, 21, 0, tzinfo=UTC)
CASES = {
    "fr": [
        "jusqu'à vendredi 17 h",  # still the plain form
        "jusqu'à vendredi de 9 h à 17 h",
        "fin: vendredi 9h-17h",
    ],
    "en": ["until friday 5pm", "until friday from 9am to 5pm", "end: friday 9am-5pm"],
}


@pytest.mark.parametrize(
    ("language", "deadline"), [(lang, text) for lang, texts in CASES.items() for text in texts]
)
async def test_a_span_deadline_closes_at_its_end(app, language, deadline) -> None:  # type: ignore[no-untyped-def]
    await app.command(person("Alice"), "outarde", f"config langue {language}", Answers())
    answers = await command(app, "Alice", f'"Quelle salle ?" A B {deadline}')
    assert "1" in answers.text
    poll = await last_poll(app)
    assert poll.closes_at == FRIDAY_17H


async def test_a_span_deadline_ending_before_it_starts_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Quelle salle ?" A B jusqu\'à vendredi de 17 h à 9 h')
    assert "17 h" in answers.text and "9 h" in answers.text
    assert "fin" in answers.text.lower()
    async with app.db.session() as session:
        assert not (await session.exec(select(Poll))).all()  # nothing stored


async def test_extending_to_a_span_closes_at_its_end(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Quelle salle ?" A B jusqu\'à jeudi 17 h')
    answers = await command(app, "Alice", "prolonger 1 jusqu'à vendredi de 9 h à 17 h")
    assert "vendredi 9 octobre 2026 à 17 h" in answers.text
    assert (await last_poll(app)).closes_at == FRIDAY_17H
