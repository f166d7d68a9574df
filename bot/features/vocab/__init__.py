"""/vocab: the table's shared vocabulary — propose, endorse or object, adopt, look up, export."""

from __future__ import annotations

from bot.features.vocab import actions, commands, hooks  # noqa: F401  (their handlers declare themselves on feature)
from bot.features.vocab.feature import feature
from bot.router import Router, SettingSpec
from bot.settings import int_between, show_plain

feature.setting(
    SettingSpec(
        "seuil_vocab",
        3,
        int_between(1, 100),
        show_plain,
        "vocab.setting_seuil",
        aliases=("vocab_threshold", "seuil_lexique"),
    )
)


def setup(router: Router) -> None:
    """Install /vocab's commands, actions, forms, jobs, hooks and settings."""
    feature.install(router)
