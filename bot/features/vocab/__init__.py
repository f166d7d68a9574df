"""/vocab: the table's shared vocabulary — propose, endorse or object, adopt, look up, export."""

from __future__ import annotations

from bot.router import SettingSpec, registry
from bot.settings import int_between, show_plain

registry.setting(
    SettingSpec(
        "seuil_vocab",
        3,
        int_between(1, 100),
        show_plain,
        "vocab.setting_seuil",
        aliases=("vocab_threshold", "seuil_lexique"),
    )
)

from bot.features.vocab import actions, commands, hooks  # noqa: E402,F401  (registers handlers)
