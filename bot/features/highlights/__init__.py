"""/faitsaillant: news from the territory shared between meetings, and the récolte."""

from __future__ import annotations

from bot.features.highlights import outreach  # noqa: F401  (sections for the partners outside the chat)
from bot.features.highlights import region as _region  # noqa: F401  (what a region sees)
from bot.features.highlights.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /faitsaillant's commands, actions, forms, jobs, hooks and settings."""
    feature.install(router)
