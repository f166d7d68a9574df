"""Slack distribution: one process serves every workspace that installed Outarde by OAuth.

Bolt's own OAuth flow (``AsyncOAuthSettings``) runs the install page (``/slack/install``) and
the redirect (``/slack/oauth_redirect``); its installation and state stores are Outarde's
database (adapters.slack.installation_store), tokens sealed with ``OUTARDE_TOKEN_KEYS``.
``app_uninstalled`` and ``tokens_revoked`` make the workspace leave (bot.departures): its
tokens are forgotten, nothing is posted there any more, its data is kept.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse

from adapters.slack.installation_store import (
    DatabaseInstallationStore,
    DatabaseStateStore,
    workspace_of,
)
from bot import departures
from bot.app import Outarde
from bot.i18n import t
from bot.installations import Installations
from bot.sealing import Sealer

log = logging.getLogger("outarde.slack")
OAUTH_ENV = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "OUTARDE_TOKEN_KEYS")
SCOPES = [
    "commands",
    "chat:write",
    "chat:write.public",
    "files:write",
    "users:read",
    "im:write",
    "channels:read",
    "groups:read",
    "channels:history",
    "groups:history",
    "files:read",
    "im:history",  # a private message is found again after a crash before it is resent
]


class SlackBot(Protocol):
    """What distribution needs of the Slack bot (adapters.slack.app)."""

    bolt: AsyncApp
    core: Outarde
    installations: Installations | None

    def forget_client(self, workspace: str) -> None: ...

    def spawn(self, work: Coroutine[Any, Any, Any]) -> None: ...


@dataclass
class OAuthConfig:
    """What distribution needs: the app's credentials and the keys that seal tokens."""

    client_id: str
    client_secret: str
    sealer: Sealer
    redirect_uri: str | None = None  # else the one of the app's configuration
    authorization_url: str | None = None  # Slack's; a stand-in's in tests
    scopes: list[str] = field(default_factory=lambda: list(SCOPES))

    @classmethod
    def from_environment(cls) -> OAuthConfig:
        return cls(
            client_id=os.environ["SLACK_CLIENT_ID"],
            client_secret=os.environ["SLACK_CLIENT_SECRET"],
            sealer=Sealer.from_environment(),
            redirect_uri=os.environ.get("SLACK_REDIRECT_URI") or None,
            authorization_url=os.environ.get("SLACK_AUTHORIZE_URL") or None,
        )


def wanted() -> bool:
    """Distribution is asked for: the app's client id is in the environment."""
    return bool(os.environ.get("SLACK_CLIENT_ID"))


def missing_settings() -> list[str]:
    return [name for name in OAUTH_ENV if not os.environ.get(name)]


def settings(
    config: OAuthConfig, installations: Installations, on_saved: Callable[[str], None]
) -> AsyncOAuthSettings:
    """Bolt's OAuth settings on Outarde's stores, with pages in French and English."""
    return AsyncOAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=config.scopes,
        redirect_uri=config.redirect_uri,
        authorization_url=config.authorization_url,
        installation_store=DatabaseInstallationStore(installations, on_saved),
        installation_store_bot_only=True,
        state_store=DatabaseStateStore(installations),
        callback_options=AsyncCallbackOptions(success=_installed, failure=_not_installed),
        logger=log,
    )


def _page(key: str, status: int, **values: str) -> BoltResponse:
    fr, en = (html.escape(t(lang, key, **values), quote=False) for lang in ("fr", "en"))
    body = (
        '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Outarde</title>'
        f'<body><h1>Outarde</h1><p>{fr}</p><p lang="en">{en}</p></body></html>'
    )
    return BoltResponse(
        status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"}
    )


async def _installed(args: AsyncSuccessArgs) -> BoltResponse:
    team = args.installation.team_name or args.installation.team_id or ""
    return _page("slack.installed", 200, team=team)


async def _not_installed(args: AsyncFailureArgs) -> BoltResponse:
    log.warning("slack install refused", extra={"reason": args.reason})
    return _page("slack.install_failed", args.suggested_status_code, reason=args.reason)


def routes(bot: SlackBot) -> list[web.RouteDef]:
    """The install page and the redirect, on the same aiohttp server as /slack/events."""
    flow = bot.bolt.oauth_flow
    if flow is None:
        return []

    async def install(request: web.Request) -> web.StreamResponse:
        answer = await flow.handle_installation(await to_bolt_request(request))
        return await to_aiohttp_response(answer)

    async def redirect(request: web.Request) -> web.StreamResponse:
        answer = await flow.handle_callback(await to_bolt_request(request))
        return await to_aiohttp_response(answer)

    return [web.get(flow.install_path, install), web.get(flow.redirect_uri_path, redirect)]


def listen_for_departures(bot: SlackBot) -> None:
    """``app_uninstalled``, ``tokens_revoked``: the workspace leaves (its data is kept)."""

    async def uninstalled(context: AsyncBoltContext) -> None:
        bot.spawn(leave(bot, context, "app_uninstalled"))  # drain() waits for it

    async def revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        if (event.get("tokens") or {}).get("bot"):  # a person's token: nothing of ours
            bot.spawn(leave(bot, context, "tokens_revoked"))

    bot.bolt.event("app_uninstalled")(uninstalled)
    bot.bolt.event("tokens_revoked")(revoked)


async def leave(bot: SlackBot, context: AsyncBoltContext, reason: str) -> None:
    workspace = workspace_of(context.enterprise_id, context.team_id)
    await departures.leave(bot.core.db, workspace, reason, bot.core.clock.now())
    if bot.installations is not None:
        await bot.installations.forget(workspace)
    bot.forget_client(workspace)
    log.warning("slack workspace left", extra={"workspace": workspace, "reason": reason})
