"""A highlight as its messages show it: with its themes and its « Utile » count."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.models.highlights import Highlight

Tags = list[tuple[str, str]]  # (key, label) of each theme


@dataclass
class Shown:
    """A highlight with what its message shows: themes and how many found it useful."""

    highlight: Highlight
    tags: Tags = field(default_factory=list)
    useful: int = 0

    @property
    def id(self) -> int:
        assert self.highlight.id is not None
        return self.highlight.id


@dataclass
class Page:
    """One page of a list: its highlights, which page (from 1), how many pages and items
    (``more``: the list was counted up to a limit and holds more than ``total``)."""

    items: list[Shown]
    page: int
    pages: int
    total: int
    more: bool = False
