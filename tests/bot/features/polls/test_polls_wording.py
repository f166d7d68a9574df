"""/sondage wording: counts in the singular or plural, « réponse » on evaluations, readable
comments, English subcommand names, and « multiple » before numbers typed as choices."""

from __future__ import annotations

import pytest

from bot.features.polls.options import parse_command
from bot.messages import Section, plain_text
from testkit.doubles import Answers
from tests.bot.features.polls.test_polls_evaluation import answer
from tests.bot.features.polls.test_polls_helpers import click, command, last_poll, person, settle


async def test_counts_are_singular_for_zero_and_one_in_french(app) -> None:  # type: ignore[no-untyped-def]
    posted = await command(app, "Alice", '"On garde le mardi ?" Oui Non')
    assert "`/sondage fermer 1` · 0 réponse." in posted.text and "(s)" not in posted.text
    poll = await last_poll(app)
    await click(app, "Bruno", "polls.vote", f"{poll.id}:0")
    assert "· 1 réponse." in plain_text(app.notifier.updates[-1][2])
    closed = await command(app, "Alice", f"fermer {poll.id}")
    assert "N° 1 · 1 personne a répondu." in closed.text and "(s)" not in closed.text
    await click(app, "Chloé", "polls.vote", f"{poll.id}:1")
    exported = await command(app, "Alice", f"exporter {poll.id}")
    assert "Exportation du sondage n° 1 (1 réponse)." in exported.text


async def test_english_counts_are_plural_from_zero(app) -> None:  # type: ignore[no-untyped-def]
    await app.command(person("Alice"), "outarde", "config langue en", Answers())
    posted = await command(app, "Alice", '"Keep Tuesday?" Yes No jusqu\'à friday 5pm')
    assert "· 0 answers." in posted.text and "(s)" not in posted.text


async def test_an_evaluation_speaks_of_answers_not_votes(app) -> None:  # type: ignore[no-untyped-def]
    posted = await command(app, "Alice", "evaluation Rencontre de décembre")
    labels = [button.label for button in posted.sent[0].buttons()]
    assert "Ma réponse" in labels and "Mon vote" not in labels
    poll = await last_poll(app)
    await answer(app, "Bruno", poll.id or 0, ["4", "5"])
    mine = await click(app, "Bruno", "polls.mine", str(poll.id))
    assert "Vous avez répondu à cette évaluation. Votre réponse" in mine.text
    assert "vote" not in mine.text.lower()
    closed = await command(app, "Alice", f"fermer {poll.id}")
    assert "1 personne a répondu." in closed.text
    assert "Fermée le" in plain_text(app.notifier.updates[-1][2])
    again = await command(app, "Alice", f"fermer {poll.id}")
    assert "L'évaluation n° 1 est déjà fermée" in again.text
    late = await click(app, "Chloé", "polls.evaluate", str(poll.id))
    assert "Cette évaluation est fermée" in late.text and "vote" not in late.text
    refused = await command(app, "Bruno", f"exporter {poll.id}")
    assert "qui a lancé l'évaluation n° 1" in refused.text


async def test_english_evaluation_button_reads_my_answer(app) -> None:  # type: ignore[no-untyped-def]
    await app.command(person("Alice"), "outarde", "config langue en", Answers())
    posted = await command(app, "Alice", "evaluation December meeting")
    labels = [button.label for button in posted.sent[0].buttons()]
    assert "My answer" in labels and "My vote" not in labels


async def test_each_comment_is_one_block_and_the_count_matches(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "evaluation")
    poll = await last_poll(app)
    await answer(app, "Bruno", poll.id or 0, ["4"], "Bonne rencontre.\nMoins de points, SVP.")
    await answer(app, "Chloé", poll.id or 0, ["5"], "Merci!")
    await answer(app, "Denis", poll.id or 0, ["3"], "Trop long")
    closed = await command(app, "Alice", f"fermer {poll.id}")
    section = next(
        block.text
        for m in closed.sent
        for block in m.blocks
        if isinstance(block, Section) and "Commentaires" in block.text
    )
    heading, *comments = section.split("\n\n")
    assert heading == "*Commentaires (3)*"
    assert sorted(comments) == [
        "> Bonne rencontre.\n> Moins de points, SVP.",
        "> Merci!",
        "> Trop long",
    ]


async def test_one_comment_is_announced_in_the_singular(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "evaluation")
    poll = await last_poll(app)
    for name in ("Bruno", "Chloé", "Denis"):
        await answer(app, name, poll.id or 0, ["4"], "Merci!" if name == "Bruno" else "")
    closed = await command(app, "Alice", f"fermer {poll.id}")
    assert "*Commentaire (1)*\n\n> Merci!" in closed.text
    assert "(1 note)" not in closed.text and "(3 notes)" in closed.text


async def test_english_messages_and_help_name_english_subcommands(app) -> None:  # type: ignore[no-untyped-def]
    await app.command(person("Alice"), "outarde", "config langue en", Answers())
    posted = await command(app, "Alice", '"Keep Tuesday?" Yes No')
    assert "To close it: `/sondage close 1`" in posted.text
    assert "`/sondage export 1`" in posted.text and "· 0 answers." in posted.text
    missing = await command(app, "Alice", "close")
    assert "`/sondage close 12`" in missing.text and "`/sondage list`" in missing.text
    closed = await command(app, "Alice", "close 1")
    assert "Results: Keep Tuesday?" in closed.text
    helped = Answers()
    await app.command(person("Alice"), "outarde", "help", helped)
    for example in ("/sondage close 12", "/sondage export 12", "/sondage list", "/sondage trends"):
        assert f"`{example}`" in helped.text, example
    for french in ("fermer", "exporter", "liste", "tendances"):
        assert f"/sondage {french}" not in helped.text + posted.text + missing.text, french


async def test_english_option_words_are_shown_and_understood(app) -> None:  # type: ignore[no-untyped-def]
    from bot.i18n import t

    await app.command(person("Alice"), "outarde", "config langue en", Answers())
    example = t("en", "polls.help.default.example").removeprefix("/sondage ")
    posted = await command(app, "Alice", example)
    poll = await last_poll(app)
    assert poll.anonymous and poll.closes_at is not None, posted.text
    refused = await command(app, "Alice", '"Q?" Yes No -- secret')
    assert "Options: `anonymous`, `hidden`, `multiple` or `multiple=2`, `reminder`" in refused.text
    for french in ("anonyme", "cache", "rappel"):
        assert f"`{french}`" not in refused.text, french


@pytest.mark.parametrize(
    ("typed", "choices", "limit"),
    [
        ('"Combien ?" multiple 1 2 3', ["1", "2", "3"], 3),
        ('"Combien ?" 1 2 3 multiple 2', ["1", "2", "3"], 2),
        ('"Combien ?" multiple 2 "1" "2" "3"', ["1", "2", "3"], 2),
        ('"Combien ?" multiple=1 2 3', ["2", "3"], 1),
    ],
)
def test_numbers_after_multiple_are_choices_unless_one_alone(
    typed: str, choices: list[str], limit: int
) -> None:
    spec = parse_command(typed)
    assert spec.choices == choices and spec.max_choices == limit


async def test_numbers_typed_as_choices_are_all_buttons(app) -> None:  # type: ignore[no-untyped-def]
    posted = await command(app, "Alice", '"Combien de rencontres par an ?" multiple 4 5 6')
    labels = [button.label for button in posted.sent[0].buttons()]
    assert labels[:3] == ["4", "5", "6"]
    await settle(app)
