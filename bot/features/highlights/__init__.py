"""/faitsaillant: news from the territory shared between meetings, and the récolte."""

from __future__ import annotations

from bot.features.highlights import actions, harvest, listing, posting  # noqa: F401  (their handlers declare themselves on feature)
from bot.features.highlights.feature import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /faitsaillant's commands, actions, forms, jobs, hooks and settings."""
    feature.install(router)
