"""/rencontre: planning, reminders, RSVP, agenda, trio d'animation and calendar files."""

from bot.features.meetings import outreach  # noqa: F401  (its hooks)
from bot.features.meetings import providers as _providers  # noqa: F401  (its hooks)
from bot.features.meetings import region as _region  # noqa: F401  (what a region sees)
from bot.features.meetings.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /rencontre's commands, actions, forms, jobs, hooks and settings."""
    from bot.features.meetings import handover  # noqa: F401  (its hook joins the feature)

    feature.install(router)
