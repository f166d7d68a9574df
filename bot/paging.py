"""Long lists shown a page at a time, with « Précédent » / « Suivant » buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.i18n import t
from bot.messages import Actions, Button

T = TypeVar("T")
PAGE_SIZE = 10
COUNT_LIMIT = 1_000  # a list counts this many items at most, then says « plus de … »


@dataclass(frozen=True)
class Span:
    """Where a page sits in a list counted up to a limit: ``total`` is exact unless ``more``
    (then the list holds more than ``total`` items and more than ``pages`` pages)."""

    page: int
    pages: int
    total: int
    more: bool = False

    def offset(self, size: int) -> int:
        return (self.page - 1) * size


def count_limit(page: int, size: int, limit: int = COUNT_LIMIT) -> int:
    """How far to count for ``page``: ``limit`` items, or past the page asked for (plus one,
    to know whether more follow)."""
    return max(limit, max(1, page) * size) + 1


def span(page: int, size: int, counted: int, limit: int) -> Span:
    """The page asked for (from 1, clamped) of a list of which ``counted`` items were
    counted with ``limit`` (from :func:`count_limit`)."""
    more = counted >= limit
    total = limit - 1 if more else counted
    pages = max(1, -(-total // size))
    return Span(min(max(1, page), pages), pages, total, more)


def page_label(language: str, where: Span) -> str:
    """« Page 2 sur 7 », or « Page 2 sur plus de 100 » when the list was not counted whole."""
    key = "core.page_more" if where.more else "core.page"
    return t(language, key, page=where.page, pages=where.pages)


def page_of(items: Sequence[T], page: int, size: int = PAGE_SIZE) -> tuple[Sequence[T], int, int]:
    """The items of ``page`` (from 1, clamped), that page number and the number of pages."""
    pages = max(1, -(-len(items) // size))
    page = min(max(1, page), pages)
    return items[(page - 1) * size : page * size], page, pages


def pager(
    language: str, action_id: str, page: int, pages: int, state: str = "", more: bool = False
) -> Actions | None:
    """Buttons to the previous and next pages; the value is ``page|state``; ``more``: pages
    follow the last one counted."""
    if more:
        pages += 1
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
