"""What people type in Slack, made neutral: mentions become references, broadcasts text."""

from __future__ import annotations

import re

from bot import refs

# <@U123>, <@U123|alice>, <#C123|general>, <!here>, <!subteam^S1|@equipe>, <!date^…|texte>
_ENTITY = re.compile(
    r"<@(?P<user>[UW][A-Z0-9]{1,20})(?:\|(?P<name>[^>]*))?>"
    r"|<#(?P<channel>[CG][A-Z0-9]{1,20})(?:\|(?P<channel_name>[^>]*))?>"
    r"|<!(?P<special>[^>|]*)(?:\|(?P<special_label>[^>]*))?>"
)
_BROADCASTS = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def _neutral(match: re.Match[str]) -> str:
    if match.group("user"):
        return refs.person(match.group("user"), match.group("name") or "")
    if match.group("channel"):
        return refs.channel(match.group("channel"), match.group("channel_name") or "")
    special, label = match.group("special"), match.group("special_label")
    if special in _BROADCASTS:
        return _BROADCASTS[special]  # text: the core refuses or disarms it
    if special.startswith("subteam"):
        return "@" + (label or "groupe").lstrip("@")  # a user group: its name, as text
    return label or special  # a date and its fallback text


def typed_text(text: str) -> str:
    """A slash command's text as the core reads it."""
    return refs.convert(text, _ENTITY, _neutral)


def render_refs(escaped: str) -> str:
    """References in escaped mrkdwn as Slack's own mentions and channel links."""
    return refs.render(
        escaped,
        person=lambda user_id, _label: f"<@{user_id}>",
        channel=lambda channel_id, _label: f"<#{channel_id}>",
    )
