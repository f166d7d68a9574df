"""Discord interactions kept in the inbox: what is recorded, and how it runs again.

Discord forgets an interaction once it is answered (or deferred): a process that stops or
dies with the work still to do would lose it. So each command, click and form is recorded in
the core's inbox before its work runs, with what a new process needs to run it again: the
invocation (place, person, language, message), the work (command text, action value or form
values) and the interaction's id and token. The token lets a resumed answer arrive as the
interaction's own follow-up while Discord keeps it (15 minutes); later, a private answer goes
to the person's direct messages and a public one to the channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from bot.context import Actor, Invocation, Place

COMMAND = "discord.command"
ACTION = "discord.action"
FORM = "discord.form"
KINDS = (COMMAND, ACTION, FORM)
TOKEN_LIFETIME = timedelta(minutes=15)  # Discord's, for an interaction's follow-ups
TOKEN_MARGIN = timedelta(seconds=30)  # a follow-up this close to the end is not tried


def interaction_record(
    interaction: discord.Interaction, inv: Invocation, work: dict[str, Any]
) -> dict[str, Any]:
    """The inbox payload of one interaction (JSON): enough to run it again elsewhere."""
    place, actor = inv.place, inv.actor
    return {
        "interaction": {
            "id": str(interaction.id),
            "application_id": str(interaction.application_id),
            "token": interaction.token,
            "type": interaction.type.value,
            "guild_id": str(interaction.guild_id) if interaction.guild_id else None,
            "channel_id": str(interaction.channel_id) if interaction.channel_id else None,
        },
        "invocation": {
            "platform": place.platform,
            "workspace": place.workspace,
            "channel": place.channel,
            "user_id": actor.user_id,
            "name": actor.name,
            "is_admin": actor.is_admin,
            "locale": inv.locale,
            "message_ref": inv.message_ref,
        },
        "work": work,
    }


def invocation_of(record: dict[str, Any]) -> Invocation:
    """The invocation an interaction was recorded with."""
    saved = record["invocation"]
    return Invocation(
        Place(str(saved["platform"]), str(saved["workspace"]), str(saved["channel"])),
        Actor(str(saved["user_id"]), str(saved["name"]), bool(saved["is_admin"])),
        saved.get("locale"),
        saved.get("message_ref"),
    )


def _snowflake(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


class _Answered:
    """A resumed interaction's response: given (deferred) by the process that took it in."""

    @staticmethod
    def is_done() -> bool:
        return True


@dataclass
class ResumedInteraction:
    """What an interaction surface uses of an interaction, for one a stopped process took
    in: its follow-ups go through the interaction's webhook while its token lasts."""

    id: int
    application_id: int
    token: str
    type: discord.InteractionType
    guild_id: int | None
    channel_id: int | None
    locale: str
    state: Any  # the client's ConnectionState: follow-ups carry buttons that route

    response = _Answered()
    message = None

    @classmethod
    def of(cls, record: dict[str, Any], state: Any) -> ResumedInteraction:
        saved = record["interaction"]
        return cls(
            id=int(saved["id"]),
            application_id=int(saved["application_id"]),
            token=str(saved["token"]),
            type=discord.InteractionType(int(saved["type"])),
            guild_id=_snowflake(saved.get("guild_id")),
            channel_id=_snowflake(saved.get("channel_id")),
            locale=str(record["invocation"].get("locale") or "fr"),
            state=state,
        )

    @property
    def expires_at(self) -> datetime:
        return discord.utils.snowflake_time(self.id) + TOKEN_LIFETIME

    def expired(self, now: datetime | None = None) -> bool:
        """Whether Discord no longer takes follow-ups for it (or is about to stop)."""
        return (now or datetime.now(UTC)) >= self.expires_at - TOKEN_MARGIN

    @property
    def followup(self) -> discord.Webhook:
        payload: Any = {"id": self.application_id, "type": 3, "token": self.token}
        return discord.Webhook.from_state(data=payload, state=self.state)

    async def edit_original_response(self, **arguments: Any) -> None:
        await self.followup.edit_message("@original", **arguments)  # type: ignore[arg-type]

    async def delete_original_response(self) -> None:
        await self.followup.delete_message("@original")  # type: ignore[arg-type]
