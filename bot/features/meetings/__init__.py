"""/rencontre: planning, reminders, RSVP, agenda, trio d'animation and calendar files."""

from __future__ import annotations

from bot.features.meetings import agenda, calendar, planning, reminders, rsvp, settings, trio  # noqa: F401  (their handlers declare themselves on feature)
from bot.features.meetings.feature import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /rencontre's commands, actions, forms, jobs, hooks and settings."""
    feature.install(router)
