"""The PNG charts: valid files that matplotlib and Pillow read back, accents included."""

from __future__ import annotations

import io

from matplotlib import image as mpimg
from PIL import Image as PILImage

from bot.charts import PNG_SIGNATURE, bar_chart, line_chart


def read_back(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    pixels = mpimg.imread(io.BytesIO(png), format="png")
    assert pixels.ndim == 3 and pixels.shape[0] > 50 and pixels.shape[1] > 50
    with PILImage.open(io.BytesIO(png)) as picture:
        picture.verify()
        assert picture.format == "PNG"
        return picture.size


def test_bar_chart_is_a_small_valid_png() -> None:
    png = bar_chart(
        "Quelle journée pour le lac-à-l'épaule ?",
        ["Mercredi 13 h 30 à l'école", "Jeudi — centre communautaire", "Sans préférence"],
        [4, 0, 11],
    )
    width, height = read_back(png)
    assert width <= 900 and height <= 600 and len(png) < 200_000


def test_line_chart_handles_gaps_and_many_series() -> None:
    png = line_chart(
        "Tendances 📝 des évaluations",
        ["2026-10-06", "2026-11-03", "2026-12-01"],
        {
            "utilité": [3.2, 3.8, 4.1],
            "climat": [4.0, None, 4.5],
            "nouveau critère": [None, None, 2.0],
        },
    )
    read_back(png)


def test_bar_chart_of_nothing_still_renders() -> None:
    read_back(bar_chart("Personne n'a répondu", ["Oui", "Non"], [0, 0]))


async def test_a_trends_chart_is_drawn_once_for_the_same_data() -> None:
    from bot.features.polls import pictures

    series = {"Clarté": [4.0, None, 3.5], "Utilité": [3.0, 4.5, 5.0]}
    first = await pictures.line_chart("Tendances", ["1 sept.", "8 sept.", "15 sept."], series)
    again = await pictures.line_chart("Tendances", ["1 sept.", "8 sept.", "15 sept."], series)
    assert again is first and read_back(first)  # the same PNG, not drawn a second time
    changed = {"Clarté": [4.0, None, 3.5], "Utilité": [3.0, 4.5, 4.0]}  # one score differs
    other = await pictures.line_chart("Tendances", ["1 sept.", "8 sept.", "15 sept."], changed)
    assert other is not first and other != first
    retitled = await pictures.line_chart("Trends", ["1 sept.", "8 sept.", "15 sept."], series)
    assert retitled != first  # another language's title is another picture
