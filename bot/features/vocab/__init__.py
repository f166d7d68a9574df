"""/vocab: the table's shared vocabulary — propose, endorse or object, adopt, look up, export."""

from bot.features.vocab import outreach  # noqa: F401  (sections for the partners outside the chat)
from bot.features.vocab import region as _region  # noqa: F401  (what a region sees)
from bot.features.vocab.commands import feature
from bot.router import Router


def setup(router: Router) -> None:
    """Install /vocab's commands, actions, forms, hooks and settings."""
    feature.install(router)
