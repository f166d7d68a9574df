"""Files people download: CSV (Excel-friendly) and Markdown, written as their rows are read."""

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


class CsvFile:
    """A UTF-8 CSV with a byte-order mark so Excel reads the accents, built a chunk of rows
    at a time: each chunk is encoded as it is written, the file is held once, as bytes."""

    def __init__(self, name: str, header: Sequence[str]) -> None:
        self.name = name
        self._buffer = io.BytesIO()
        self._text = io.TextIOWrapper(
            self._buffer, encoding="utf-8-sig", newline="", write_through=True
        )
        self._writer = csv.writer(self._text)
        self._writer.writerow(header)

    def write(self, rows: Iterable[Sequence[object]]) -> None:
        """Add ``rows`` (each value made formula-safe)."""
        self._writer.writerows([_cell(value) for value in row] for row in rows)

    def attachment(self) -> Attachment:
        """The finished file (nothing more can be written)."""
        self._text.flush()
        data = self._buffer.getvalue()
        self._text.detach()
        return Attachment(self.name, data, "text/csv")


class MarkdownFile:
    """A UTF-8 Markdown file built a few lines at a time: the same bytes as the lines joined
    by line breaks, encoded as they come."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._buffer = io.BytesIO()
        self._started = False

    def write(self, lines: Sequence[str]) -> None:
        """Add ``lines``, each on its own line."""
        if not lines:
            return
        text = "\n".join(lines)
        self._buffer.write((("\n" + text) if self._started else text).encode("utf-8"))
        self._started = True

    def extend(self, other: MarkdownFile) -> None:
        """Add the lines written into ``other`` (a part written beside this one)."""
        if other._started:
            self._buffer.write(b"\n" if self._started else b"")
            self._buffer.write(other._buffer.getbuffer())
            self._started = True

    def attachment(self) -> Attachment:
        return Attachment(self.name, self._buffer.getvalue(), "text/markdown")


def csv_attachment(
    name: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Attachment:
    """A CSV of ``rows`` (which may be a generator reading the database)."""
    file = CsvFile(name, header)
    file.write(rows)
    return file.attachment()


def markdown_attachment(name: str, text: str) -> Attachment:
    return Attachment(name, text.encode("utf-8"), "text/markdown")
