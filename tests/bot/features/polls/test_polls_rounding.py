"""Averages round half up, French charts write decimal commas, score axes go to 5 and
count axes have whole-number ticks."""

from __future__ import annotations

import pytest

from bot.charts import bar_figure
from bot.text import decimal_text, round_half_up
from tests.bot.features.polls.test_polls_evaluation import answer
from tests.bot.features.polls.test_polls_helpers import command, last_poll


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [(4.25, "4,3", "4.3"), (3.25, "3,3", "3.3"), (3.35, "3,4", "3.4"), (4.0, "4,0", "4.0")],
)
def test_half_rounds_up_in_both_languages(value: float, fr: str, en: str) -> None:
    assert decimal_text(value, "fr") == fr and decimal_text(value, "en") == en
    assert round_half_up(value) == float(en)


def test_score_bars_use_a_comma_and_an_axis_to_five() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = bar_figure(
        "Évaluation", ["climat", "animation"], [3.4, 4.3], unit=" / 5", decimal_comma=True, top=5
    )
    FigureCanvasAgg(figure)
    figure.canvas.draw()
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.texts] == ["3,4 / 5", "4,3 / 5"]
    assert axes.get_xlim() == (0, 5)
    assert [t.get_text() for t in axes.get_xticklabels()] == ["0", "1", "2", "3", "4", "5"]


def test_count_bars_have_whole_ticks() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = bar_figure("Vote", ["Oui", "Non"], [1, 2])
    FigureCanvasAgg(figure)
    figure.canvas.draw()
    ticks = [t for t in figure.axes[0].get_xticks() if 0 <= t <= figure.axes[0].get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)


async def test_an_evaluation_average_of_four_and_a_quarter_shows_four_three(app) -> None:  # type: ignore[no-untyped-def]
    await command(app, "Alice", "evaluation")
    poll = await last_poll(app)
    assert poll.id is not None
    for who, score in (("Bruno", "4"), ("Chloé", "4"), ("Dan", "4"), ("Eve", "5")):
        await answer(app, who, poll.id, [score])
    closed = await command(app, "Alice", f"fermer {poll.id}")
    assert "4,3" in closed.text and "4,2" not in closed.text
