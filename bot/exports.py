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
    """A UTF-8 CSV with a byte-order mark so Excel reads the accents.

    Each row is encoded as it is written (``rows`` may be a generator reading the database):
    the file is held once, as bytes, never also as one long string."""
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    text.flush()
    data = buffer.getvalue()
    text.detach()
    return Attachment(name, data, "text/csv")


def markdown_attachment(name: str, text: str) -> Attachment:
    return Attachment(name, text.encode("utf-8"), "text/markdown")
