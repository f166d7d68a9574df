"""Small PNG charts (matplotlib, Agg backend, no pyplot): poll results and evaluation trends."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOURS = ("#2f6f9f", "#d1803f", "#4f9a5c", "#a8498c", "#7a6a4f", "#c44e52", "#5b8fa8", "#8c8c3a")
LABEL_WIDTH = 28


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return buffer.getvalue()


def _wrap(label: str, width: int = LABEL_WIDTH) -> str:
    """Up to three lines, without emoji (the bundled font has none; accents are fine)."""
    drawable = "".join(ch for ch in label if ord(ch) <= 0xFFFF and ch not in "\ufe0f").strip()
    return "\n".join(textwrap.wrap(drawable, width)[:3]) or " "


def number_text(value: float, decimal_comma: bool) -> str:
    """A value as written on a chart: « 3,4 » with a decimal comma, "3.4" otherwise."""
    text = f"{value:g}"
    return text.replace(".", ",") if decimal_comma else text


def bar_figure(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    decimal_comma: bool = False,
    top: float | None = None,
) -> Figure:
    """Horizontal bars, first label on top, the value written at the end of each bar.

    ``top`` fixes the axis (5 for scores out of 5); without it the values are counts: the
    axis fits them and its ticks are whole numbers.
    """
    height = 1.2 + 0.45 * max(1, len(labels))
    figure = Figure(figsize=(6.4, height))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=COLOURS[0], height=0.6)
    axes.set_yticks(positions, [_wrap(label) for label in labels], fontsize=9)
    if top is None:
        top = max([*values, 1])
        axes.set_xlim(0, top * 1.18)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        axes.set_xlim(0, top)
        axes.set_xticks(range(int(top) + 1))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number_text(x, decimal_comma)))
    for position, value in zip(positions, values, strict=True):
        text = f"{number_text(value, decimal_comma)}{unit}"
        axes.text(value + top * 0.02, position, text, va="center", fontsize=9, clip_on=False)
    axes.set_title(_wrap(title, 60), fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)
    return figure


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    decimal_comma: bool = False,
    top: float | None = None,
) -> bytes:
    """The PNG of ``bar_figure``."""
    return _png(bar_figure(title, labels, values, unit=unit, decimal_comma=decimal_comma, top=top))


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    y_range: tuple[float, float] = (1, 5),
) -> bytes:
    """One line per series over ``x_labels``; a None value leaves a gap."""
    figure = Figure(figsize=(7, 3.8))
    axes = figure.add_subplot()
    positions = list(range(len(x_labels)))
    for index, (name, values) in enumerate(series.items()):
        points = [(x, y) for x, y in zip(positions, values, strict=True) if y is not None]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        colour = COLOURS[index % len(COLOURS)]
        axes.plot(xs, ys, marker="o", color=colour, label=_wrap(name, 24), linewidth=2)
    axes.set_xticks(positions, [_wrap(label, 14) for label in x_labels], fontsize=8)
    axes.set_ylim(y_range[0] - 0.2, y_range[1] + 0.2)
    axes.set_yticks(range(int(y_range[0]), int(y_range[1]) + 1))
    axes.grid(axis="y", alpha=0.3)
    axes.set_title(_wrap(title, 60), fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    if series:
        axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return _png(figure)
