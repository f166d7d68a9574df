"""/partenaire: who represents which organisation, and the table's map by sector."""

from bot.features.partners import outreach  # noqa: F401  (the map on the public page)
from bot.features.partners.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /partenaire's commands."""
    from bot.features.partners import seats  # noqa: F401  (its commands join the feature)

    feature.install(router)
