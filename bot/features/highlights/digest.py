"""The récolte: the highlights of a period grouped by theme, and where a period starts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.ctx import Ctx
from bot.features.highlights.shown import Shown
from bot.text import fold
from storage.models.highlights import Highlight

DEFAULT_DAYS = 30
NO_THEME = ""


def organisation_of(highlight: Highlight) -> str:
    """The author's organisation, else the author's name."""
    return highlight.organisation or highlight.author_name


@dataclass
class Theme:
    """The highlights of one theme (``key`` empty for « Sans thème »)."""

    key: str
    label: str
    items: list[Shown] = field(default_factory=list)

    def organisations(self) -> list[tuple[str, int]]:
        """Each organisation and its number of highlights, most first."""
        counts = Counter(organisation_of(item.highlight) for item in self.items)
        return sorted(counts.items(), key=lambda pair: (-pair[1], fold(pair[0])))


@dataclass
class Digest:
    since: datetime
    until: datetime
    items: list[Shown]
    themes: list[Theme]
    by_useful: bool = False


def build_digest(
    items: list[Shown], since: datetime, until: datetime, by_useful: bool = False
) -> Digest:
    """The récolte of ``items``, posted between ``since`` and ``until``."""
    return Digest(since, until, items, group_by_theme(items, by_useful), by_useful)


def group_by_theme(items: list[Shown], by_useful: bool = False) -> list[Theme]:
    """One theme per tag (a highlight with two tags is in both), biggest first, untagged last.

    Within a theme: oldest first, or most « Utile » first (then oldest) when ``by_useful``.
    """
    themes: dict[str, Theme] = {}
    for item in items:
        for key, label in item.tags or [(NO_THEME, "")]:
            themes.setdefault(key, Theme(key, label)).items.append(item)
    for theme in themes.values():
        if by_useful:
            theme.items.sort(key=lambda i: (-i.useful, i.highlight.created_at, i.id))
        else:
            theme.items.sort(key=lambda i: (i.highlight.created_at, i.id))
    return sorted(themes.values(), key=lambda t: (t.key == NO_THEME, -len(t.items), t.key))


def default_start(ctx: Ctx) -> datetime:
    """30 calendar days ago at the same local time, across a daylight-saving change too."""
    wall = ctx.local(ctx.now).replace(tzinfo=None) - timedelta(days=DEFAULT_DAYS)
    return wall.replace(tzinfo=ctx.tz).astimezone(UTC)


def since_last_meeting(ctx: Ctx, answers: list[object]) -> datetime:
    """The start of the last meeting among the hook's ``answers``, else 30 days ago."""
    starts = [answer for answer in answers if isinstance(answer, datetime)]
    return max(starts) if starts else default_start(ctx)
