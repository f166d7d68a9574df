"""What the web server shows: a page's bytes, and the sections of the table's public page."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """A response for the web server: bytes and their content type (HTML, text/calendar…)."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PageSection:
    """One section of the table's public page: a heading and a table (plain text, escaped
    when rendered); ``empty`` is shown when there is no row."""

    order: int
    heading: str
    columns: list[str]
    rows: list[list[str]]
    empty: str
    key: str = ""  # what the coordination types to switch it on or off (« recolte »…)
