"""A poll whose deadline is minutes away is checked with the person before it is posted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from testkit.doubles import Answers
from tests.bot.features.polls.test_polls_helpers import command, last_poll, person

CASES = {
    "fr": ("jusqu'à vendredi 17h", "Ce sondage fermerait dans 21 min", "confirmer", "Sondage n° 1"),
    "en": ("until friday 5pm", "This poll would close in 21 min", "confirm", "Poll #1"),
}


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_a_deadline_minutes_away_asks_for_confirmation(app, clock, language) -> None:  # type: ignore[no-untyped-def]
    deadline, asked, word, created = CASES[language]
    await app.command(person("Alice"), "outarde", f"config langue {language}", Answers())
    clock.set(datetime(2026, 12, 4, 21, 39, tzinfo=UTC))  # vendredi 16 h 39 à Toronto
    answers = await command(app, "Alice", f'"Q ?" Oui Non {deadline}')
    assert asked in answers.text and f'`/sondage "Q ?" Oui Non {deadline} {word}`' in answers.text
    assert not app.notifier.posts  # nothing posted
    answers = await command(app, "Alice", f'"Q ?" Oui Non {deadline} {word}')
    assert created in answers.text and asked not in answers.text
    assert (await last_poll(app)).id == 1
    monday = "jusqu'à lundi 17h" if language == "fr" else "until monday 5pm"
    later = await command(app, "Alice", f'"Q ?" Oui Non {monday}')
    assert asked not in later.text and (await last_poll(app)).id == 2
