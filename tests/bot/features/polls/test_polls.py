"""/sondage: creating polls, each option, voting with buttons, closing, export, bad input."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import func, select

from bot import hooks
from bot.errors import UserError
from bot.features.polls.options import parse_command
from bot.messages import Image
from storage.models.polls import PollChoice, PollVote
from tests.bot.features.polls.test_polls_helpers import click, command, last_poll, settle


def test_options_are_read_apart_from_choices() -> None:
    spec = parse_command(
        '« Quel jour ? » "Mardi matin" “Jeudi soir” anonyme cache multiple=2 rappel '
        "jusqu'à vendredi 17h"
    )
    assert spec.question == "Quel jour ?"
    assert spec.choices == ["Mardi matin", "Jeudi soir"]
    assert (spec.anonymous, spec.hidden, spec.remind, spec.max_choices) == (True, True, True, 2)
    assert spec.deadline == "vendredi 17h"
    spec = parse_command('"Q ?" Oui Non fin: demain 9h anonyme')
    assert spec.deadline == "demain 9h" and spec.anonymous
    spec = parse_command('"Mot ?" "anonyme" "cache" -- multiple:2')
    assert spec.choices == ["anonyme", "cache"] and spec.max_choices == 2 and not spec.anonymous
    assert parse_command('"Q ?" A B C multiple').max_choices == 3  # up to every choice


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('"Q ?" Oui', "polls.too_few_choices"),
        ('"Q ?" ' + " ".join(f"C{i}" for i in range(11)), "polls.too_many_choices"),
        ('"Q ?" Oui oui', "polls.duplicate_choice"),
        ('"Q ?" Montréal montreal', "polls.duplicate_choice"),
        ('"Q ?" Oui "' + "x" * 76 + '"', "polls.choice_too_long"),
        ('"Q ?" Oui Non -- bizarre', "polls.unknown_option"),
        ('"Q ?" Début fin:', "polls.missing_deadline"),
        ('"Q ?" A B multiple=0', "polls.bad_multiple"),
        ('"Q ?" A "@everyone"', "core.no_mass_mention"),
    ],
)
def test_bad_polls_are_refused(text: str, key: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_command(text)
    assert caught.value.key == key


async def test_a_poll_is_posted_with_one_button_per_choice(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"On change l\'heure ?" Oui Non « Sans avis »')
    poll_message = answers.sent[0]
    assert poll_message.key == f"polls.poll:{(await last_poll(app)).id}"
    labels = [button.label for button in poll_message.buttons()]
    assert labels[:3] == ["Oui", "Non", "Sans avis"] and "Mon vote" in labels
    assert "Sondage n° 1 publié" in answers.text


async def test_bad_input_gets_a_clear_reply_and_stores_nothing(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Q ?" Oui jusqu\'à bidule')
    assert "Il faut au moins 2 choix" in answers.text
    answers = await command(app, "Alice", '"Q ?" Oui Non jusqu\'à la semaine des quatre jeudis')
    assert "je n'ai pas compris" in answers.text.lower()
    answers = await command(app, "Alice", '"Q ?" Oui Non rappel')
    assert "Un rappel a besoin d'une date de fin" in answers.text
    async with app.db.session() as session:
        assert (await session.exec(select(func.count()).select_from(PollChoice))).one() == 0


async def test_single_choice_vote_can_be_changed_and_withdrawn(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Q ?" Oui Non')
    poll = await last_poll(app)
    first = await click(app, "Bruno", "polls.vote", f"{poll.id}:0")
    assert "Votre vote à « Q ? » : « Oui »" in first.text
    await click(app, "Chloé", "polls.vote", f"{poll.id}:0")
    await click(app, "Bruno", "polls.vote", f"{poll.id}:1")  # changes his mind
    notifier = app.notifier
    update = notifier.updates[-1][2]
    text = "\n".join(b.text for b in update.blocks if hasattr(b, "text"))
    assert "`█████░░░░░` 1 (50 %)" in text
    mine = await click(app, "Bruno", "polls.mine", str(poll.id))
    assert "« Non »" in mine.text and mine.sent[0].ephemeral
    same = await click(app, "Bruno", "polls.vote", f"{poll.id}:1")
    assert "Votre vote est déjà « Non »" in same.text
    await click(app, "Bruno", "polls.withdraw", str(poll.id))
    async with app.db.session() as session:
        votes = (await session.exec(select(PollVote))).all()
    assert [(v.user_id, v.position) for v in votes] == [("chloé", 0)]


async def test_multiple_choice_toggles_up_to_the_limit(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Quels thèmes ?" Logement Transport Emploi multiple=2')
    poll = await last_poll(app)
    await click(app, "Bruno", "polls.vote", f"{poll.id}:0")
    await click(app, "Bruno", "polls.vote", f"{poll.id}:2")
    refused = await click(app, "Bruno", "polls.vote", f"{poll.id}:1")
    assert "déjà 2 choix" in refused.text
    await click(app, "Bruno", "polls.vote", f"{poll.id}:0")  # untick
    answers = await click(app, "Bruno", "polls.vote", f"{poll.id}:1")
    assert "« Transport », « Emploi »" in answers.text


async def test_hidden_results_show_only_at_close(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Q ?" Oui Non cache')
    poll = await last_poll(app)
    assert "dévoilés à la fermeture" in answers.text
    await click(app, "Bruno", "polls.vote", f"{poll.id}:0")
    update = app.notifier.updates[-1][2]
    assert "█" not in str(update.blocks) and "dévoilés" in str(update.blocks)
    refused = await command(app, "Alice", f"exporter {poll.id}")
    assert "Exportation impossible" in refused.text
    closed = await command(app, "Alice", f"fermer {poll.id}")
    assert "`██████████` 1 (100 %)" in closed.text


async def test_deadline_closes_the_poll_and_posts_a_chart(app, clock) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", '"Q ?" Oui Non jusqu\'à jeudi 16h')
    assert "Se ferme le jeudi 8 octobre 2026 à 16 h" in answers.text
    poll = await last_poll(app)
    await click(app, "Bruno", "polls.vote", f"{poll.id}:1")
    assert await settle(app) == 1  # the catch-up refresh of the poll message
    clock.advance(timedelta(days=2, hours=1, minutes=59))
    assert await app.run_due() == 0
    clock.advance(timedelta(minutes=1))
    assert await app.run_due() == 1
    place, results = app.notifier.posts[-1]
    assert place.channel == "general" and "Résultats : Q ?" in results.text
    images = [block for block in results.blocks if isinstance(block, Image)]
    assert images and images[0].png.startswith(b"\x89PNG")
    late = await click(app, "Chloé", "polls.vote", f"{poll.id}:0")
    assert "Ce sondage est fermé" in late.text
    async with app.db.session() as session:
        assert len((await session.exec(select(PollVote))).all()) == 1


async def test_only_the_author_or_a_coordinator_closes(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "liste")  # Alice founds the table: coordinator
    await command(app, "Bruno", '"Q ?" Oui Non')
    poll = await last_poll(app)
    refused = await click(app, "Chloé", "polls.close", str(poll.id))
    assert "Seule la personne qui a lancé" in refused.text
    closed = await click(app, "Alice", "polls.close", str(poll.id))
    assert "Résultats : Q ?" in closed.text
    assert app.notifier.updates[-1][2].buttons() == []  # the poll message lost its buttons
    again = await command(app, "Bruno", f"fermer {poll.id}")
    assert "déjà fermé" in again.text


@pytest.mark.parametrize("value", ["abc", "1:x", "1:99", "", "999:0", "1:-1", "1:0:0"])
async def test_crafted_button_values_count_nothing(app, value: str) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Q ?" Oui Non')
    answers = await click(app, "Bruno", "polls.vote", value)
    assert answers.sent and answers.text.startswith("⚠️")
    async with app.db.session() as session:
        assert (await session.exec(select(func.count()).select_from(PollVote))).one() == 0


async def test_a_poll_of_another_workspace_cannot_be_touched(app) -> None:  # type: ignore[no-untyped-def]
    from bot.context import Place

    other = Place("console", "autre", "general")
    await command(app, "Alice", '"Q ?" Oui Non', place=other)
    poll = await last_poll(app)
    for action, value in [("polls.vote", f"{poll.id}:0"), ("polls.close", str(poll.id))]:
        answers = await click(app, "Bruno", action, value)
        assert f"Je ne trouve pas le sondage n° {poll.id}" in answers.text
    answers = await command(app, "Bruno", f"exporter {poll.id}")
    assert "Je ne trouve pas" in answers.text
    async with app.db.session() as session:
        assert (await session.exec(select(func.count()).select_from(PollVote))).one() == 0


async def test_nominative_export_lists_people_and_choices(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Q ?" Oui Non')
    poll = await last_poll(app)
    await click(app, "Bruno", "polls.vote", f"{poll.id}:0")
    await click(app, "Chloé", "polls.vote", f"{poll.id}:1")
    answers = await command(app, "Alice", f"exporter {poll.id}")
    data = answers.sent[0].files[0].data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows == [["personne", "organisme", "choix"], ["Bruno", "", "Oui"], ["Chloé", "", "Non"]]
    refused = await command(app, "Bruno", f"exporter {poll.id}")
    assert "Seule la personne" in refused.text


async def test_reminder_names_those_who_have_not_voted(app, clock) -> None:  # type: ignore[no-untyped-def]
    for name in ("Chloé", "Denis"):
        await command(app, name, "liste")  # seen in the workspace: members
    answers = await command(app, "Alice", '"Q ?" Oui Non rappel jusqu\'à vendredi 17h')
    assert "Un rappel sera publié le jeudi 8 octobre 2026 à 17 h" in answers.text
    poll = await last_poll(app)
    await click(app, "Chloé", "polls.vote", f"{poll.id}:0")
    await settle(app)
    clock.advance(timedelta(days=2, hours=3))
    assert await app.run_due() == 1
    reminder = app.notifier.posts[-1][1]
    text = reminder.text
    assert "N'ont pas encore répondu (2) : Alice, Denis." in text and "<@" not in text


async def test_the_form_creates_a_poll_and_shows_field_errors(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice", "/sondage", "Quel lieu ?", "Ici", "", "vendredi 17h", "Ici\nIci", "Ici\nLà"
    )
    assert "Écrivez au moins 2 choix, un par ligne" in out and "apparaît deux fois" in out
    assert "Mettez les choix de plusieurs mots entre guillemets" not in out
    assert "# 📊 Quel lieu ?" in out
    out = await chat.type("/sondage", "Quel jour ?", "Lundi\nMardi", "anonyme", "vendredi 17h")
    assert "# 📊 Quel jour ?" in out and "🔒 anonyme" in out


async def test_suggestions_list_open_polls(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Date du lac-à-l\'épaule ?" Mai Juin')
    await command(app, "Alice", '"Couleur du logo ?" Bleu Vert')
    poll = await last_poll(app)
    await command(app, "Alice", f"fermer {poll.id}")
    async with app.db.session() as session:
        from bot.context import Actor
        from tests.bot.features.polls.test_polls_helpers import PLACE

        ctx = await app.workspaces.context(session, PLACE, Actor("alice", "Alice"))
        found = await ctx.hook(hooks.suggest("sondage"), "lac")
        everything = await ctx.hook(hooks.suggest("sondage"), "")
    assert found == [[("n° 1 — Date du lac-à-l'épaule ?", "1")]]
    assert everything == found  # the closed poll is not offered


async def test_an_unknown_long_option_is_quoted_back_cut_short(app) -> None:  # type: ignore[no-untyped-def]
    for line in (f'"Q ?" "A" "B" -- {"x" * 20_000}',):
        answers = await command(app, "Alice", line)
        assert "⚠️" in answers.text and len(answers.text) < 1500, len(answers.text)
