"""/sondage: polls (single or multiple choice, anonymous or not) and meeting evaluations."""

from __future__ import annotations

from bot.features.polls import anonymity, close, create, evaluation, settings, vote  # noqa: F401  (their handlers declare themselves on feature)
from bot.features.polls.feature import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /sondage's commands, actions, forms, jobs, hooks and settings."""
    feature.install(router)
