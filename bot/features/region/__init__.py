"""/outarde region: a hub and its local tables — shared highlights, calendar, glossary,
evaluation trends, and announcements to every table at once."""

from bot.features.region.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /outarde region's commands and its announcement job."""
    feature.install(router)
