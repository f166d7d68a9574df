"""/sondage: polls (single or multiple choice, anonymous or not) and meeting evaluations."""

from __future__ import annotations

from bot.features.polls import outreach  # noqa: F401  (sections for the partners outside the chat)
from bot.features.polls import region as _region  # noqa: F401  (what a region sees)
from bot.features.polls.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /sondage's commands, actions, forms, jobs, hooks and settings."""
    feature.install(router)
