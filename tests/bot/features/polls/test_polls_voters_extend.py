"""Nominative polls show who voted to their author and the coordination; a deadline can be
extended, and a closed poll reopened."""

from __future__ import annotations

import pytest

from testkit.doubles import Answers
from tests.bot.features.polls.test_polls_helpers import click, command, last_poll, person


async def english(app) -> None:  # type: ignore[no-untyped-def]
    await app.command(person("Alice"), "outarde", "config langue en", Answers())


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_the_author_sees_who_voted(app, language: str) -> None:  # type: ignore[no-untyped-def]
    if language == "en":
        await english(app)
    await command(app, "Alice", "liste")  # Alice coordinates
    await command(app, "Bruno", '"Quel jour ?" Mardi Jeudi')
    poll = await last_poll(app)
    await click(app, "Chloé", "polls.vote", f"{poll.id}:1")
    await click(app, "Denis", "polls.vote", f"{poll.id}:0")
    word = "votants" if language == "fr" else "voters"
    for who in ("Bruno", "Alice"):
        shown = await command(app, who, f"{word} {poll.id}")
        assert "Mardi" in shown.text and "Denis" in shown.text and "Chloé" in shown.text
        assert shown.text.index("Denis") < shown.text.index("Chloé")  # Mardi, then Jeudi
    refused = await command(app, "Chloé", f"{word} {poll.id}")
    assert "Denis" not in refused.text and (
        "coordination" in refused.text or "coordinator" in refused.text
    )
    await command(app, "Bruno", '"Secret ?" Oui Non anonyme')
    secret = await last_poll(app)
    refused = await command(app, "Bruno", f"{word} {secret.id}")
    assert "anonyme" in refused.text or "anonymous" in refused.text


@pytest.mark.parametrize(
    ("language", "typed", "said"),
    [
        (
            "fr",
            "prolonger {id} jusqu'au 20 octobre 17 h",
            "est rouvert jusqu'au mardi 20 octobre 2026 à 17 h",
        ),
        ("en", "extend {id} until October 20 5 pm", "is reopened until"),
    ],
)
async def test_a_closed_poll_is_reopened_until_a_new_deadline(
    app, clock, language, typed, said
) -> None:  # type: ignore[no-untyped-def]
    if language == "en":
        await english(app)
    await command(app, "Alice", '"Q ?" Oui Non')
    poll = await last_poll(app)
    await command(app, "Alice", f"{'fermer' if language == 'fr' else 'close'} {poll.id}")
    closed = await click(app, "Bruno", "polls.vote", f"{poll.id}:0")
    assert closed.text  # refused: the poll is closed
    answers = await command(app, "Alice", typed.format(id=poll.id))
    assert said in answers.text, answers.text
    voted = await click(app, "Bruno", "polls.vote", f"{poll.id}:0")
    assert "Oui" in voted.text
    missing = await command(app, "Alice", "prolonger 1" if language == "fr" else "extend 1")
    assert "/sondage" in missing.text and (
        "jusqu'à lundi" in missing.text or "until monday" in missing.text
    )
