"""A compte rendu as a Word document (.docx) for the table's records."""

from __future__ import annotations

import io

from bot.messages import Attachment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_attachment(
    name: str, title: str, subtitle: str, parts: list[tuple[str, list[str]]], empty: str
) -> Attachment:
    """A document with a title, a line under it, then each part's heading and bullets."""
    from docx import Document  # python-docx is loaded with the first document

    document = Document()
    document.add_heading(title, level=0)
    document.add_paragraph(subtitle)
    for heading, lines in parts:
        document.add_heading(heading, level=1)
        for line in lines or [empty]:
            document.add_paragraph(line, style="List Bullet" if lines else None)
    buffer = io.BytesIO()
    document.save(buffer)
    return Attachment(name, buffer.getvalue(), DOCX)
