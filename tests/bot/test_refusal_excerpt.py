"""A refusal quotes a short excerpt of what was typed, never the whole input (issue 24, 12)."""

from __future__ import annotations


async def test_a_poll_of_hundreds_of_words_gets_a_short_refusal(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice")
    for line in (
        '/sondage "Q" Oui ' + "anonyme " * 900,
        '/sondage "Q" Oui ' + " ".join(f"multiple={i % 9 + 1}" for i in range(700)),
    ):
        answer = await chat.type(line)
        assert "Il faut au moins 2 choix" in answer
        assert len(answer) < 800
        assert answer.count("`") % 2 == 0


async def test_english_refusals_are_short_too(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Clara", "/outarde config langue en")
    answer = await chat.type('/sondage "Q" Yes ' + "anonymous " * 700)
    assert "At least 2 choices are needed" in answer and len(answer) < 800
