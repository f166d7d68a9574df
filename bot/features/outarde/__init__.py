"""/outarde: help, workspace settings and coordinators."""

from bot.features.outarde import data as _data  # noqa: F401  (/outarde donnees)
from bot.features.outarde import mail_commands  # noqa: F401  (/outarde courriel)
from bot.features.outarde.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /outarde's commands."""
    feature.install(router)
