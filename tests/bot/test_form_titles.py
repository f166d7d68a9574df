"""Every form the core opens fits the platforms: Slack titles 24 characters, Discord labels 45."""

from __future__ import annotations

import re
from pathlib import Path

from bot.i18n import t

SLACK_TITLE = 24
DISCORD_LABEL = 45
FORM_TITLE_KEYS = re.compile(r'ctx\.t\("([a-z_.]*form[._]title[a-z_.]*)"')


def title_keys() -> set[str]:
    """Catalogue keys the code uses as form titles."""
    keys: set[str] = set()
    for path in Path("bot").rglob("*.py"):
        keys.update(FORM_TITLE_KEYS.findall(path.read_text()))
    return keys


def test_form_titles_fit_a_slack_modal() -> None:
    keys = title_keys() | {"highlights.form_title", "polls.evaluation_form_title"}
    assert len(keys) >= 5
    for language in ("fr", "en"):
        for key in keys:
            title = t(language, key, number=9999, term="x", title="x")
            assert len(title) <= SLACK_TITLE, (language, key, title)


def test_evaluation_fields_fit_a_discord_form() -> None:
    from bot.features.polls.settings import MAX_CRITERION, default_criteria

    assert MAX_CRITERION <= DISCORD_LABEL
    for language in ("fr", "en"):
        assert all(len(name) <= DISCORD_LABEL for name in default_criteria(language))
        assert len(t(language, "polls.form_options")) <= DISCORD_LABEL
        assert len(t(language, "polls.form_criterion_hint")) <= 100  # a placeholder
