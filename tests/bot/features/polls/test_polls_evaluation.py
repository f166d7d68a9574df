"""Evaluations: the anonymous 1–5 form, after-meeting posts with reminders, trends over time."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from bot import hooks
from bot.context import Actor
from bot.messages import Image, Message, Section
from storage.models.polls import PollComments, PollVoter, ScoreTally
from testkit.doubles import NotifierSurface
from tests.bot.features.polls.test_polls_helpers import (
    PLACE,
    Answers,
    click,
    command,
    last_poll,
    person,
    settle,
)


async def answer(app, who: str, poll_id: int, scores: list[str], comment: str = "") -> Answers:  # type: ignore[no-untyped-def]
    opened = await click(app, who, "polls.evaluate", str(poll_id))
    form = opened.forms[0]
    values = {text_input.field_id: "" for text_input in form.inputs}
    values.update({f"c{i}": score for i, score in enumerate(scores)})
    values["comment"] = comment
    answers = Answers()
    errors = await app.submit(person(who), form.form_id, values, form.state, answers)
    if errors:
        answers.sent.append(Message(blocks=[Section(str(errors))], ephemeral=True))
    return answers


async def test_evaluation_posts_the_default_criteria(app) -> None:  # type: ignore[no-untyped-def]
    answers = await command(app, "Alice", "evaluation Rencontre d'octobre")
    text = answers.text
    assert "📝 Évaluation : Rencontre d'octobre" in text
    for criterion in ("utilité de la rencontre", "climat", "animation", "suivi des actions"):
        assert criterion in text
    assert "🔒 anonyme" in text
    refused = await command(app, "Bruno", "evaluation")  # not a coordinator
    assert "coordination" in refused.text


async def test_answers_are_anonymous_final_and_checked(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "evaluation")
    poll = await last_poll(app)
    assert poll.id is not None
    bad = await answer(app, "Bruno", poll.id, ["6", "x"])
    assert "c0" in bad.text and "c1" in bad.text
    empty = await answer(app, "Bruno", poll.id, [])
    assert "au moins une note" in empty.text
    done = await answer(app, "Bruno", poll.id, ["4", "5", "", "3"], "Très bon climat")
    assert "Merci! Votre évaluation anonyme est enregistrée." in done.text
    again = await click(app, "Bruno", "polls.evaluate", str(poll.id))
    assert "déjà répondu" in again.text and not again.forms
    async with app.db.session() as session:
        assert (await session.exec(select(ScoreTally).where(ScoreTally.count > 0))).all() == []
    await command(app, "Alice", f"fermer {poll.id}")  # the sealed answers are counted
    async with app.db.session() as session:
        voters = (await session.exec(select(PollVoter))).all()
        tallies = (await session.exec(select(ScoreTally).where(ScoreTally.count > 0))).all()
        comments = (await session.exec(select(PollComments))).one()
    assert [v.user_id for v in voters] == ["bruno"]
    assert sorted((t.criterion, t.score, t.count) for t in tallies) == [
        (0, 4, 1),
        (1, 5, 1),
        (3, 3, 1),
    ]
    assert "Très bon climat" in comments.texts


async def test_coordinators_change_the_criteria(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(
        person("Alice"), "outarde", "config criteres utilité, climat, animation", answers
    )
    assert "utilité, climat, animation" in answers.text
    posted = await command(app, "Alice", "evaluation")
    assert "3. animation" in posted.text and "suivi des actions" not in posted.text
    answers = Answers()
    await app.command(person("Alice"), "outarde", "config criteres climat, Climat", answers)
    assert "apparaît deux fois" in answers.text


async def test_meeting_end_posts_an_evaluation_and_a_reminder(app, clock) -> None:  # type: ignore[no-untyped-def]
    for name in ("Alice", "Bruno", "Chloé"):
        await command(app, name, "liste")
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, None)
        replies = await ctx.hook(hooks.MEETING_ENDED, 42, "Rencontre du 6 octobre")
        again = await ctx.hook(hooks.MEETING_ENDED, 42, "Rencontre du 6 octobre")
    assert again == []  # once per meeting
    await app.courier.deliver(PLACE, replies, NotifierSurface(app.notifier, PLACE))
    message = app.notifier.posts[-1][1]
    assert message.key and "Rencontre du 6 octobre" in message.text
    poll = await last_poll(app)
    assert poll.meeting_id == 42 and poll.id is not None
    await answer(app, "Bruno", poll.id, ["5", "5", "5", "5"])
    await settle(app)
    clock.advance(timedelta(days=1))
    assert await app.run_due() == 1
    reminder = app.notifier.posts[-1][1].text
    assert "Il est encore temps de répondre" in reminder
    assert "2 personnes n'ont pas encore répondu" in reminder and "Chloé" not in reminder
    clock.advance(timedelta(days=6))
    assert await app.run_due() == 1  # closed after a week
    assert "(fermée)" in app.notifier.updates[-1][2].text


async def test_trends_over_several_meetings(app, clock) -> None:  # type: ignore[no-untyped-def]
    ratings = [
        ["2", "3", "3", "1"],
        ["3", "4", "3", "2"],
        ["4", "4", "4", "3"],
    ]
    for meeting, target in enumerate(ratings):
        await command(app, "Alice", f"evaluation Rencontre {meeting + 1}")
        poll = await last_poll(app)
        assert poll.id is not None
        for index, name in enumerate(("Bruno", "Chloé", "Denis")):
            # each person gives the target, ±1 around it for the first two: mean = target
            shift = (-1, 1, 0)[index] if target != ["2", "3", "3", "1"] else 0
            scores = [str(min(5, max(1, int(s) + shift))) for s in target]
            await answer(app, name, poll.id, scores, f"commentaire {name}")
        clock.advance(timedelta(days=30))
        await app.run_due()
    # a fourth evaluation with too few answers is left out of the trends
    await command(app, "Alice", "evaluation Rencontre 4")
    poll = await last_poll(app)
    await answer(app, "Bruno", poll.id or 0, ["1", "1", "1", "1"])
    trends = await command(app, "Alice", "tendances")
    message = trends.sent[0]
    table = message.blocks[0].text
    assert "Tendances des évaluations (3 rencontres)" in table
    lines = [line for line in table.splitlines() if re.match(r"^2026-\d\d-\d\d  ", line)]
    assert len(lines) == 3
    assert lines[0].split()[2:] == ["2,0", "3,0", "3,0", "1,0"]
    assert lines[2].split()[2:] == ["4,0", "4,0", "4,0", "3,0"]
    assert "Moyenne" in table and re.search(r"Moyenne\s+3,0\s+3,7\s+3,3\s+2,0", table)
    image = next(block for block in message.blocks if isinstance(block, Image))
    assert image.png.startswith(b"\x89PNG\r\n\x1a\n")


async def test_evaluation_results_show_averages_chart_and_comments(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "evaluation")
    poll = await last_poll(app)
    for name, scores in (("Bruno", ["4", "5"]), ("Chloé", ["5", "4"]), ("Denis", ["3", ""])):
        await answer(app, name, poll.id or 0, scores, f"merci de {name}")
    closed = await command(app, "Alice", f"fermer {poll.id}")
    assert "*utilité de la rencontre* : 4,0 / 5 (3 notes)" in closed.text
    assert "*climat* : 4,5 / 5 (2 notes)" in closed.text
    assert all(f"merci de {name}" in closed.text for name in ("Bruno", "Chloé", "Denis"))
    assert any(isinstance(b, Image) for m in closed.sent for b in m.blocks)
    export = await command(app, "Alice", f"exporter {poll.id}")
    data = export.sent[0].files[0].data.decode("utf-8-sig")
    assert data.splitlines()[1] == 'utilité de la rencontre,0,0,1,1,1,"4,0"'
    actor_names = {"bruno", "chloé", "denis"}
    assert not any(name in data.lower() for name in actor_names)


async def test_answering_a_closed_or_foreign_evaluation_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "evaluation")
    poll = await last_poll(app)
    await command(app, "Alice", f"fermer {poll.id}")
    closed = await click(app, "Bruno", "polls.evaluate", str(poll.id))
    assert "fermé" in closed.text and not closed.forms
    answers = Answers()
    errors = await app.submit(person("Bruno"), "polls.evaluation", {"c0": "5"}, "999", answers)
    assert errors is None and "Je ne trouve pas le sondage n° 999" in answers.text
    _ = Actor  # the hook test builds a context without a person


async def test_a_superscript_score_is_a_field_error(app) -> None:  # type: ignore[no-untyped-def]
    """« ² » passes str.isdigit but is not a score: the form says so, nothing is stored."""
    await command(app, "Alice", "evaluation")
    poll = await last_poll(app)
    answers = await answer(app, "Bruno", poll.id or 0, ["²"])
    assert "Oups" not in answers.text and "²" in answers.text
    async with app.db.session() as session:
        assert not (await session.exec(select(PollVoter))).all()
