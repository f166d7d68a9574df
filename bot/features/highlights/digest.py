"""The récolte: the highlights of a period grouped by theme, and where a period starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.ctx import Ctx
from bot.features.highlights.shown import Shown
from bot.features.highlights.store_harvest import NO_THEME, Counted
from bot.text import fold
from storage.models.highlights import Highlight

DEFAULT_DAYS = 30


def organisation_of(highlight: Highlight) -> str:
    """The author's organisation, else the author's name."""
    return highlight.organisation or highlight.author_name


@dataclass
class Theme:
    """The highlights of one theme (``key`` empty for « Sans thème »): how many, how many by
    organisation, and the first ones in the récolte's order (``first``, filled as read)."""

    key: str
    label: str
    count: int
    by_organisation: dict[str, int]
    first: list[Shown] = field(default_factory=list)

    def organisations(self) -> list[tuple[str, int]]:
        """Each organisation and its number of highlights, most first."""
        return sorted(self.by_organisation.items(), key=lambda pair: (-pair[1], fold(pair[0])))


@dataclass
class Digest:
    """A récolte's period and counts; its highlights are read theme by theme when shown."""

    since: datetime
    until: datetime
    count: int
    people: int
    organisations: int
    themes: list[Theme]
    by_useful: bool = False


def build_digest(
    found: Counted, since: datetime, until: datetime, by_useful: bool = False
) -> Digest:
    """The récolte counted in ``found``: one theme per tag (a highlight with two tags is in
    both), biggest first, untagged last."""
    themes = [
        Theme(key, found.labels.get(key, ""), sum(names.values()), names)
        for key, names in found.by_theme.items()
    ]
    themes.sort(key=lambda t: (t.key == NO_THEME, -t.count, t.key))
    named = {name for names in found.by_theme.values() for name in names}
    organisations = len({fold(name) for name in named})
    return Digest(since, until, found.count, found.people, organisations, themes, by_useful)


def default_start(ctx: Ctx) -> datetime:
    """30 calendar days ago at the same local time, across a daylight-saving change too."""
    wall = ctx.local(ctx.now).replace(tzinfo=None) - timedelta(days=DEFAULT_DAYS)
    return wall.replace(tzinfo=ctx.tz).astimezone(UTC)


def since_last_meeting(ctx: Ctx, answers: list[object]) -> datetime:
    """The start of the last meeting among the hook's ``answers``, else 30 days ago."""
    starts = [answer for answer in answers if isinstance(answer, datetime)]
    return max(starts) if starts else default_start(ctx)
