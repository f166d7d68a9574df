"""Poll reminders go out at a sensible local hour; an evaluation's reminder skips weekends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot import hooks
from storage.models import Job
from tests.bot.features.polls.test_polls_helpers import command


async def reminder_due(app) -> datetime:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        jobs = (await session.exec(select(Job).where(Job.kind == hooks.POLL_REMINDER))).all()
    return jobs[-1].due_at.astimezone(UTC)


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        ("fr", "rappel jusqu'au 8 octobre", "Un rappel sera publié le jeudi 8 octobre 2026 à 9 h"),
        ("en", "reminder until October 8", "on Thursday, October 8, 2026 at 9:00 AM"),
    ],
)
async def test_a_day_only_deadline_is_recalled_that_morning(app, language, typed, shown) -> None:  # type: ignore[no-untyped-def]
    await app_language(app, language)
    answers = await command(app, "Alice", f'"Q ?" Oui Non {typed}')
    assert shown in answers.text, answers.text
    assert await reminder_due(app) == datetime(2026, 10, 8, 13, 0, tzinfo=UTC)  # 9 h, Toronto


async def test_an_early_morning_deadline_is_recalled_at_nine_the_day_before(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Q ?" Oui Non rappel jusqu\'à jeudi 7 h')
    assert "Un rappel sera publié le mercredi 7 octobre 2026 à 9 h" in answers.text


async def test_a_friday_evaluation_is_recalled_on_monday(app, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 10, 9, 19, 0, tzinfo=UTC))  # vendredi 9 octobre, 15 h à Toronto
    await command(app, "Alice", "evaluation Rencontre du vendredi")
    assert await reminder_due(app) == datetime(2026, 10, 12, 13, 0, tzinfo=UTC)  # lundi 9 h


async def app_language(app, language: str) -> None:  # type: ignore[no-untyped-def]
    from testkit.doubles import Answers
    from tests.bot.features.polls.test_polls_helpers import person

    await app.command(person("Alice"), "outarde", f"config langue {language}", Answers())
