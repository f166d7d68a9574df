"""/suivi: decisions and actions between meetings, their follow-up and the comptes rendus."""

from bot.features.followup import outreach  # noqa: F401  (sections for the partners outside the chat)
from bot.features.followup.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /suivi's commands, buttons, forms, jobs and hooks."""
    from bot.features.followup import partners_hooks  # noqa: F401  (its hooks join the feature)

    feature.install(router)
