"""The PNG charts of polls, drawn off the event loop; matplotlib is imported only to draw one."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence


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
    """One line per series (bot.charts.line_chart), drawn in a thread."""
    from bot import charts

    return await asyncio.to_thread(charts.line_chart, title, labels, series)
