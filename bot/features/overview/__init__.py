"""The table at a glance: a private welcome for newcomers and the year in review."""

from bot.features.overview.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /accueil, /outarde bilan and the welcome offered to newcomers."""
    feature.install(router)
