"""/charte: the table's charter or statement of principles, proposed, amended and adopted."""

from bot.features.charter.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /charte's commands."""
    feature.install(router)
