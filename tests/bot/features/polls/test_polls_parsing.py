"""/sondage on one line: option words with punctuation, ordinary answers, « multiple », errors."""

from __future__ import annotations

import pytest

from bot.errors import UserError
from bot.features.polls.options import parse_command
from tests.bot.features.polls.test_polls_helpers import command, last_poll


@pytest.mark.parametrize(
    "options",
    [
        "anonyme, cache",
        "(anonyme) (cache)",
        "Anonymes Cachés",
        "anonyme; cache.",
        "ANONYME, CACHÉE",
    ],
)
def test_option_words_are_read_with_punctuation_and_plural(options: str) -> None:
    spec = parse_command(f'"Q ?" Logement Transport {options}')
    assert spec.choices == ["Logement", "Transport"]
    assert spec.anonymous and spec.hidden


async def test_a_comma_after_an_option_never_makes_it_a_choice(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Q ?" Logement Transport anonyme, cache')
    poll = await last_poll(app)
    assert poll.anonymous and poll.hidden
    labels = [button.label for button in answers.sent[0].buttons()]
    assert labels[:2] == ["Logement", "Transport"] and "anonyme," not in labels


@pytest.mark.parametrize(
    ("text", "choices"),
    [
        ('"Combien de délégués ?" Aucun Un Plusieurs', ["Aucun", "Un", "Plusieurs"]),
        ('"Vote public ou secret ?" Public Secret', ["Public", "Secret"]),
        ('"Quand ?" Début Milieu Fin', ["Début", "Milieu", "Fin"]),
        ('"Quand ?" Début End', ["Début", "End"]),
        ('"Oui, non ?" Oui, Non', ["Oui", "Non"]),
    ],
)
def test_ordinary_answers_stay_choices(text: str, choices: list[str]) -> None:
    spec = parse_command(text)
    assert spec.choices == choices
    assert (spec.max_choices, spec.hidden, spec.deadline) == (1, False, None)


def test_fin_is_a_deadline_only_with_a_colon_or_equals() -> None:
    for marker in ("fin:", "fin =", "fin :", "fin=", "end:"):
        assert parse_command(f'"Q ?" Oui Non {marker} vendredi').deadline == "vendredi"


async def test_too_few_choices_names_the_words_read_as_options(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Vote anonyme ?" Oui Anonyme')
    assert "j'ai lu ces mots comme des options : `Anonyme`" in answers.text
    assert "mettez-les entre guillemets" in answers.text
    assert await command(app, "Alice", '"Vote anonyme ?" Oui "Anonyme"')
    assert (await last_poll(app)).anonymous is False


@pytest.mark.parametrize(
    ("typed", "limit"),
    [("multiple=2", 2), ("multiple:2", 2), ("multiple = 2", 2), ("multiple 2", 2), ("multiple", 3)],
)
def test_multiple_is_read_in_every_spelling(typed: str, limit: int) -> None:
    spec = parse_command(f'"Q ?" A B C {typed}')
    assert spec.choices == ["A", "B", "C"] and spec.max_choices == limit


@pytest.mark.parametrize(
    "typed", ["multiple=100", "multiple=-1", "multiple=", "multiple = x", "multiple 0", "multiple:"]
)
async def test_a_mistyped_multiple_is_refused_with_the_range(app, typed: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError) as caught:
        parse_command(f'"Q ?" A B C {typed}')
    assert caught.value.key == "polls.bad_multiple"
    answers = await command(app, "Alice", f'"Q ?" A B C {typed}')
    assert "de 1 à 10" in answers.text and "Exemple : `multiple=2`" in answers.text


async def test_an_unclosed_quote_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Q ?" "Oui Non')
    assert "guillemet n'est pas fermé" in answers.text and '« "Oui »' in answers.text


async def test_an_empty_question_is_not_taken_from_the_choices(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '""  Oui Non')
    assert "Il manque la question" in answers.text


async def test_a_deadline_that_swallowed_the_choices_says_so(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Q" jusqu\'à vendredi Oui Non')
    assert "j'ai lu « vendredi Oui Non » comme la date de fin" in answers.text
    assert "Mettez la date de fin en dernier" in answers.text


async def test_a_lone_word_is_read_as_a_question_without_choices(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", "bidule")
    assert "J'ai lu « bidule » comme la question, mais il n'y a aucun choix" in answers.text
    assert "j'en ai compris 0" not in answers.text


async def test_a_mention_typed_as_an_option_value_is_quoted_back_inert(app) -> None:  # type: ignore[no-untyped-def]
    for typed in ("multiple=@everyone", "-- @here"):
        answers = await command(app, "Alice", f'"Q ?" A B {typed}')
        assert "⚠️" in answers.text and "@everyone" not in answers.text, typed
        assert "@here" not in answers.text, typed
