"""/rencontre: planning, reminders, RSVP, agenda, trio d'animation and calendar files."""

from bot.features.meetings import region as _region  # noqa: F401  (what a region sees)
from bot.features.meetings.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /rencontre's commands, actions, forms, jobs, hooks and settings."""
    feature.install(router)
