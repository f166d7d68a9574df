"""slack-sdk's installation and OAuth state stores, kept in Outarde's database.

Bolt's OAuth flow saves each install here and its authorization asks here for the bot token of
the workspace a request comes from. The rows (and the sealing of tokens) belong to the core
(bot.installations); this module only translates slack-sdk's ``Installation`` and ``Bot``.
Only the bot token is kept: Outarde asks for no user scope.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.installations import Installations

log = logging.getLogger("outarde.slack")
PLATFORM = "slack"
SECRET_FIELDS = {"bot_token", "bot_refresh_token", "user_token", "user_refresh_token"}


def workspace_of(enterprise_id: str | None, team_id: str | None) -> str:
    """The workspace id a team (or an org-wide install) has in Outarde's rows."""
    return f"{PLATFORM}:{team_id or enterprise_id or ''}"


class DatabaseInstallationStore(AsyncInstallationStore):
    """Bot installations in the ``installation`` table, tokens sealed; ``on_saved`` hears of
    each workspace (re)installed, whose client must take the new token."""

    def __init__(
        self, installations: Installations, on_saved: Callable[[str], None] = lambda _: None
    ) -> None:
        self.installations = installations
        self.on_saved = on_saved

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        details = {k: v for k, v in bot.to_dict().items() if k not in SECRET_FIELDS}
        workspace = workspace_of(bot.enterprise_id, bot.team_id)
        await self.installations.save(
            workspace,
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            details=details,
            token=bot.bot_token,
            refresh_token=bot.bot_refresh_token,
        )
        self.on_saved(workspace)
        log.info("slack workspace installed", extra={"workspace": workspace})

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        team = None if is_enterprise_install else team_id
        found = await self.installations.find(workspace_of(enterprise_id, team))
        if found is None:
            return None
        details: dict[str, Any] = dict(found.details)
        details.pop("custom_values", None)
        expires_at = details.pop("bot_token_expires_at", None)
        return Bot(
            **{k: v for k, v in details.items() if k in BOT_FIELDS},
            bot_token=found.token,
            bot_refresh_token=found.refresh_token,
            bot_token_expires_at=expires_at,
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        bot = await self.async_find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if bot is None:
            return None
        return Installation(
            app_id=bot.app_id,
            enterprise_id=bot.enterprise_id,
            enterprise_name=bot.enterprise_name,
            team_id=bot.team_id,
            team_name=bot.team_name,
            bot_token=bot.bot_token,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=bot.bot_scopes,
            bot_refresh_token=bot.bot_refresh_token,
            bot_token_expires_at=bot.bot_token_expires_at,
            user_id="",
            is_enterprise_install=bot.is_enterprise_install,
            installed_at=bot.installed_at,
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.installations.forget(workspace_of(enterprise_id, team_id))

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:  # no user token is ever kept: only the workspace's bot
            await self.installations.forget(workspace_of(enterprise_id, team_id))


BOT_FIELDS = {
    "app_id",
    "enterprise_id",
    "enterprise_name",
    "team_id",
    "team_name",
    "bot_id",
    "bot_user_id",
    "bot_scopes",
    "is_enterprise_install",
    "installed_at",
}


class DatabaseStateStore(AsyncOAuthStateStore):
    """OAuth states in the ``oauth_state`` table: every replica can consume them, once."""

    def __init__(self, installations: Installations) -> None:
        self.installations = installations

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await self.installations.issue_state()

    async def async_consume(self, state: str) -> bool:
        return await self.installations.consume_state(state)
