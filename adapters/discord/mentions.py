"""What people type in Discord, made neutral: mentions become references."""

from __future__ import annotations

import re

from bot import refs

# <@123>, <@!123>, <#123>, <@&123> (a role)
_ENTITY = re.compile(r"<@!?(?P<user>\d{1,25})>|<#(?P<channel>\d{1,25})>|<@&(?P<role>\d{1,25})>")


def _neutral(match: re.Match[str]) -> str:
    if match.group("user"):
        return refs.person(match.group("user"))
    if match.group("channel"):
        return refs.channel(match.group("channel"))
    return "@rôle"  # a role mention is never a person: text


def typed_text(text: str) -> str:
    """A slash command's text as the core reads it."""
    return refs.convert(text, _ENTITY, _neutral)


def render_refs(text: str) -> str:
    """References as Discord's mentions and channel links (pinging nobody: the client sends
    every message with no allowed mention)."""
    return refs.render(
        text,
        person=lambda user_id, _label: f"<@{user_id}>",
        channel=lambda channel_id, _label: f"<#{channel_id}>",
    )
