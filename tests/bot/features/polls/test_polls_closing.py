"""Deadlines, closing and what a closed poll or evaluation says; exports; English wording."""

from __future__ import annotations

from datetime import timedelta

from bot.messages import Image, plain_text
from tests.bot.features.polls.test_polls_evaluation import answer
from tests.bot.features.polls.test_polls_helpers import Answers, click, command, last_poll, person


def message_text(app) -> str:  # type: ignore[no-untyped-def]
    """The last poll message update as plain text, buttons included."""
    return plain_text(app.notifier.updates[-1][2])


async def closed_evaluation(app, comment: str = "") -> int:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "evaluation Rencontre")
    poll = await last_poll(app)
    assert poll.id is not None
    for name in ("Bruno", "Chloé", "Denis"):
        await answer(app, name, poll.id, ["4", "5", "3", "4"], comment if name == "Bruno" else "")
    return poll.id


async def test_an_open_evaluation_cannot_be_exported(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await closed_evaluation(app)
    refused = await command(app, "Alice", f"exporter {poll_id}")
    assert f"L'évaluation n° {poll_id} est encore ouverte" in refused.text
    assert not refused.sent[0].files
    trends = await command(app, "Alice", "tendances")
    assert "Pas encore de tendances" in trends.text  # open: not in the trends either
    await command(app, "Alice", f"fermer {poll_id}")
    exported = await command(app, "Alice", f"exporter {poll_id}")
    assert f"Exportation de l'évaluation n° {poll_id} (3 réponses)." in exported.text
    assert exported.sent[0].files


async def test_a_closed_evaluation_says_fermee_and_its_button_names_it(app) -> None:  # type: ignore[no-untyped-def]
    posted = await command(app, "Alice", "evaluation Rencontre")
    labels = [button.label for button in posted.sent[0].buttons()]
    assert "Fermer l'évaluation" in labels and "Fermer le sondage" not in labels
    await command(app, "Alice", f"fermer {(await last_poll(app)).id}")
    assert "Fermée le" in message_text(app) and "Fermé le" not in message_text(app)


async def test_comment_lines_are_all_quoted_and_links_inert(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await closed_evaluation(
        app, "Bien\nVoir <https://x.org|clic> et [ici](https://y.org)"
    )
    results = await command(app, "Alice", f"fermer {poll_id}")
    assert "> Bien\n> Voir clic (https://x.org) et ici (https://y.org)" in results.text
    assert "<https" not in results.text and "](" not in results.text


async def test_a_deadline_without_an_hour_is_the_end_of_that_day(app, clock) -> None:  # type: ignore[no-untyped-def]
    friday = await command(app, "Alice", '"Q ?" Oui Non jusqu\'à vendredi')
    assert "Se ferme le vendredi 9 octobre 2026 à 23 h 59" in friday.text
    may = await command(app, "Alice", '"Q ?" Oui Non jusqu\'au 12 mai')
    assert "Se ferme le mercredi 12 mai 2027 à 23 h 59" in may.text
    timed = await command(app, "Alice", '"Q ?" Oui Non jusqu\'à vendredi 17h')
    assert "Se ferme le vendredi 9 octobre 2026 à 17 h" in timed.text
    clock.advance(timedelta(hours=5, minutes=40))  # 19 h 40
    tonight = await command(app, "Alice", '"Q ?" Oui Non jusqu\'à ce soir')
    assert "Se ferme le mardi 6 octobre 2026 à 23 h 59" in tonight.text


async def test_votes_stop_at_the_deadline_before_the_closing_job_runs(app, clock) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Q ?" Oui Non jusqu\'à jeudi 16h')
    nominative = await last_poll(app)
    await command(app, "Alice", '"R ?" Oui Non anonyme jusqu\'à jeudi 16h')
    anonymous = await last_poll(app)
    clock.advance(timedelta(days=2, hours=3))  # the deadline has passed, no job has run
    for action, value in [
        ("polls.vote", f"{nominative.id}:0"),
        ("polls.vote", f"{anonymous.id}:0"),
        ("polls.cast", f"{anonymous.id}:1"),
    ]:
        late = await click(app, "Bruno", action, value)
        assert "fermé depuis le jeudi 8 octobre 2026 à 16 h" in late.text, action
    await app.run_due()
    closed = message_text(app)
    assert "Fermé le jeudi 8 octobre 2026 à 16 h · 0 réponse." in closed


async def test_a_closed_poll_drops_the_wording_of_an_open_one(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Q ?" Oui Non cache')
    open_text = (await command(app, "Alice", '"Q2 ?" Oui Non cache')).text
    assert "vous pouvez changer votre vote" in open_text and "résultats cachés" in open_text
    await command(app, "Alice", f"fermer {(await last_poll(app)).id}")
    closed = message_text(app)
    assert "vous pouvez changer votre vote" not in closed and "résultats cachés" not in closed
    await command(app, "Alice", '"R ?" Oui Non anonyme')
    await command(app, "Alice", f"fermer {(await last_poll(app)).id}")
    closed = message_text(app)
    assert "pour l'instant" not in closed and "il y en a eu 0" in closed


async def test_the_form_asks_for_the_date_when_rappel_has_none(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Alice", "/sondage", "Q ?", "Oui\nNon", "rappel", "", "vendredi 17h")
    assert "remplissez la date de fin" in out and '`/sondage "Date' not in out
    out = await chat.type("/sondage", "Q ?", "Oui\nNon", "bidule", "anonyme")
    assert "Je ne connais pas l'option « bidule »" in out and "guillemets" not in out


async def test_english_wording_uses_english_quotes(app) -> None:  # type: ignore[no-untyped-def]
    await app.command(person("Alice"), "outarde", "config langue en", Answers())
    await command(app, "Alice", '"Keep Tuesday?" Yes No')
    poll = await last_poll(app)
    voted = await click(app, "Bruno", "polls.vote", f"{poll.id}:0")
    assert "Your vote on “Keep Tuesday?”: “Yes”." in voted.text and "«" not in voted.text
    results = await command(app, "Alice", f"fermer {poll.id}")
    blocks = [block for message in results.sent for block in message.blocks]
    images = [block for block in blocks if isinstance(block, Image)]
    assert images[0].alt.endswith("Yes: 1, No: 0")
    await command(app, "Alice", '"Anonymous?" Yes No anonymous')
    draft = await click(app, "Bruno", "polls.vote", f"{(await last_poll(app)).id}:0")
    assert "You are choosing: “Yes”." in draft.text


async def test_a_poll_past_its_deadline_is_not_listed_as_open(app, clock) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", '"Q ?" Oui Non jusqu\'à jeudi 16h')
    await command(app, "Alice", '"Sans fin ?" Oui Non')
    clock.advance(timedelta(days=2, hours=3))  # the deadline has passed, no job has run
    listed = await command(app, "Alice", "liste")
    assert "Sans fin ?" in listed.text and "Q ?" not in listed.text


async def test_a_past_deadline_is_refused_at_its_end_of_day(app) -> None:  # type: ignore[no-untyped-def]
    refused = await command(app, "Alice", '"Q ?" Oui Non jusqu\'à hier')
    assert "« hier » tombe le" in refused.text and "à 23 h 59" in refused.text
    assert "23h59" not in refused.text
