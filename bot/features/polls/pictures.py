"""The PNG charts of polls, drawn off the event loop; matplotlib is imported only to draw one."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import OrderedDict
from collections.abc import Sequence

DRAWN_KEPT = 32  # line charts kept in memory, by a digest of exactly what they show
_drawn: OrderedDict[str, bytes] = OrderedDict()


def forget_drawn() -> None:
    """Drop the line charts kept (a bench measures a first drawing with it)."""
    _drawn.clear()


async def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    decimal_comma: bool = False,
    top: float | None = None,
) -> bytes:
    """Horizontal bars (bot.charts.bar_chart), drawn in a thread."""
    from bot import charts

    return await asyncio.to_thread(
        charts.bar_chart, title, labels, values, unit=unit, decimal_comma=decimal_comma, top=top
    )


async def line_chart(
    title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]
) -> bytes:
    """One line per series (bot.charts.line_chart), drawn in a thread; the same title, labels
    and series (the same evaluations, scores and language) give back the PNG already drawn."""
    shown = [title, list(labels), [[name, list(values)] for name, values in series.items()]]
    key = hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()
    if key in _drawn:
        _drawn.move_to_end(key)
        return _drawn[key]
    from bot import charts

    png = await asyncio.to_thread(charts.line_chart, title, labels, series)
    _drawn[key] = png
    while len(_drawn) > DRAWN_KEPT:
        _drawn.popitem(last=False)
    return png
