"""Files people download: CSV (Excel-friendly) and Markdown."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from bot.messages import Attachment

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_attachment(
    name: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Attachment:
    """A UTF-8 CSV with a byte-order mark so Excel reads the accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return Attachment(name, ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv")


def markdown_attachment(name: str, text: str) -> Attachment:
    return Attachment(name, text.encode("utf-8"), "text/markdown")
