"""The map's order and pages: organisations by sector, then by name (pure)."""

from __future__ import annotations

from typing import NamedTuple

from bot.text import fold

MAP_PAGE_SIZE = 25  # organisations on one page of the map
NAMES_SHOWN = 8  # people named for one organisation on the map; the others are counted


class MapEntry(NamedTuple):
    """An organisation as the map lists it (a tuple: the map makes one per organisation)."""

    name: str
    name_key: str
    sector: str | None


def in_map_order(entries: list[MapEntry], no_sector: str) -> list[tuple[str, MapEntry]]:
    """Each organisation with its sector's heading, by heading then by name; a sector
    spelled two ways takes the spelling named last, organisations without one go under
    ``no_sector``."""
    folded = {sector: fold(sector) for sector in {e.sector for e in entries if e.sector}}
    headings = {folded[e.sector]: e.sector for e in reversed(entries) if e.sector}
    keys = {heading: fold(heading) for heading in [*headings.values(), no_sector]}
    placed = [(headings.get(folded.get(e.sector or "", "")) or no_sector, e) for e in entries]
    return sorted(placed, key=lambda pair: (keys[pair[0]], pair[1].name_key))


def missing_count(entries: list[MapEntry], represented: set[str]) -> int:
    """How many organisations nobody on the chat represents."""
    return sum(1 for entry in entries if entry.name_key not in represented)


class MapPerson(NamedTuple):
    """Someone the map names for an organisation typed ``organisation`` (as written);
    ``of`` is how many people typed it so."""

    organisation: str
    name: str
    mandated: bool
    of: int
