"""Long lists shown a page at a time, with « Précédent » / « Suivant » buttons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from bot.i18n import t
from bot.messages import Actions, Button

T = TypeVar("T")
PAGE_SIZE = 10


def page_of(items: Sequence[T], page: int, size: int = PAGE_SIZE) -> tuple[Sequence[T], int, int]:
    """The items of ``page`` (from 1, clamped), that page number and the number of pages."""
    pages = max(1, -(-len(items) // size))
    page = min(max(1, page), pages)
    return items[(page - 1) * size : page * size], page, pages


def pager(language: str, action_id: str, page: int, pages: int, state: str = "") -> Actions | None:
    """Buttons to the previous and next pages; the value is ``page|state``."""
    buttons = []
    if page > 1:
        buttons.append(Button(t(language, "core.previous_page"), action_id, f"{page - 1}|{state}"))
    if page < pages:
        buttons.append(Button(t(language, "core.next_page"), action_id, f"{page + 1}|{state}"))
    return Actions(tuple(buttons)) if buttons else None


def read_page_value(value: str) -> tuple[int, str]:
    """``"3|#emploi"`` → ``(3, "#emploi")``; anything malformed is page 1."""
    number, _, state = value.partition("|")
    try:
        return max(1, min(int(number), 10_000)), state
    except ValueError:
        return 1, ""
