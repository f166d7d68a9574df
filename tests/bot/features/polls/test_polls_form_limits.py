"""Every evaluation form fits a Discord form: 5 fields at most (the criteria and a comment)."""

from __future__ import annotations

from sqlmodel import select

from bot.features.polls.render_evaluation import evaluation_form
from bot.features.polls.settings import MAX_CRITERIA, criteria_for
from storage.models.polls import Poll
from tests.bot.features.polls.test_polls_helpers import PLACE, Answers, command, person


async def test_more_criteria_than_a_form_holds_are_refused(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(person("Alice"), "outarde", "config criteres a, b, c, d, e", answers)
    assert f"de 1 à {MAX_CRITERIA} critères" in answers.text
    answers = Answers()
    await app.command(person("Alice"), "outarde", "config criteres a, b, c, d", answers)
    assert "a, b, c, d" in answers.text
    posted = await command(app, "Alice", "evaluation")
    assert "4. d" in posted.text


async def test_the_form_has_one_field_per_criterion_and_the_comment(app, db) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "evaluation")
    async with db.session() as session:
        poll = (await session.exec(select(Poll))).one()
        ctx = await app.workspaces.context(session, PLACE, None)
    form = evaluation_form(ctx, poll)
    assert len(form.inputs) == MAX_CRITERIA + 1 <= 5


def test_a_list_stored_when_more_were_allowed_keeps_its_first_criteria() -> None:
    stored = ["a", "b", "c", "d", "e", "f"]
    assert criteria_for(stored, "fr") == ["a", "b", "c", "d"]
