"""``outarde discord`` (run the bot), ``outarde discord sync``, ``outarde discord invite``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from bot.i18n import t

if TYPE_CHECKING:  # discord.py is imported when a Discord command runs, not to parse arguments
    import discord

    from adapters.discord.client import OutardeClient
    from adapters.startup import WebServer

log = logging.getLogger("outarde.discord")

SCOPES = ("bot", "applications.commands")
PERMISSIONS = (
    "view_channel",
    "send_messages",
    "embed_links",
    "attach_files",
    "read_message_history",
    "use_application_commands",
)


def invite_url(application_id: int | str) -> str:
    """The invite link: scopes bot and applications.commands, and only the permissions used."""
    import discord

    permissions = discord.Permissions(**dict.fromkeys(PERMISSIONS, True))
    return discord.utils.oauth_url(application_id, permissions=permissions, scopes=SCOPES)


def _token() -> str:
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        sys.exit("DISCORD_TOKEN manque : copiez le jeton du bot (Developer Portal, page « Bot »).")
    return token


def _guild() -> discord.Object | None:
    import discord

    value = os.environ.get("DISCORD_GUILD_ID", "").strip()
    if value and not value.isdigit():
        sys.exit("DISCORD_GUILD_ID doit être l'identifiant numérique d'un serveur.")
    return discord.Object(int(value)) if value else None


async def _client(start_scheduler: bool):  # type: ignore[no-untyped-def]
    from adapters.discord.client import OutardeClient
    from adapters.startup import open_database

    db = await open_database()
    return db, OutardeClient.build(db, start_scheduler=start_scheduler)


async def _run(token: str, web: WebServer | None = None) -> None:
    db, client = await _client(start_scheduler=True)
    pages = await web.beside(client.app) if web is not None else None
    try:
        await serve(client, client.start(token))
    finally:
        if pages is not None:
            await pages.stop()
        await db.dispose()


async def serve(client: OutardeClient, connection: Coroutine[Any, Any, None]) -> None:
    """Run ``connection`` (the gateway) until it ends or SIGTERM comes; the client's close
    then finishes the work taken in, within the stop's budget."""
    from adapters.startup import on_sigterm

    running = asyncio.ensure_future(connection)
    on_sigterm(running.cancel, log)
    async with client:
        try:
            await running
        except asyncio.CancelledError:
            if not running.cancelled():
                raise  # this task itself was cancelled
            log.info("SIGTERM: stopping after the work in progress")


async def _sync(token: str, guild: discord.Object | None) -> list[str]:
    """Send the command tree to Discord: to one server (instant) or everywhere."""
    db, client = await _client(start_scheduler=False)
    try:
        async with client:
            await client.login(token)
            if guild is not None:
                client.tree.copy_global_to(guild=guild)
            synced = await client.tree.sync(guild=guild)
            return [command.name for command in synced]
    finally:
        await db.dispose()


async def _application_id(token: str) -> int:
    import discord

    client = discord.Client(intents=discord.Intents.none())
    async with client:
        await client.login(token)
        assert client.application_id is not None
        return client.application_id


def run(web: WebServer | None = None) -> None:
    asyncio.run(_run(_token(), web))


def sync() -> None:
    guild = _guild()
    names = asyncio.run(_sync(_token(), guild))
    where = f"le serveur {guild.id}" if guild else "tous les serveurs (jusqu'à une heure)"
    print(f"{len(names)} commandes envoyées à {where} : {', '.join('/' + n for n in names)}")


def invite() -> None:
    application_id = os.environ.get("DISCORD_APPLICATION_ID", "").strip()
    if not application_id.isdigit():
        if not os.environ.get("DISCORD_TOKEN"):
            sys.exit(t("fr", "discord.invite.missing_id"))
        application_id = str(asyncio.run(_application_id(_token())))
    print(t("fr", "discord.invite.intro"))
    print(invite_url(application_id))
    print(t("fr", "discord.invite.permissions"))


ACTIONS: dict[str, Callable[[], None]] = {"run": run, "sync": sync, "invite": invite}


def register(
    subparsers: argparse._SubParsersAction, web: WebServer | None = None
) -> Callable[[], None]:
    """Add ``outarde discord [run|sync|invite]``; running the bot is the default (with the
    web pages beside it when ``web`` is configured)."""
    parser = subparsers.add_parser(
        "discord", help="le bot Discord (DISCORD_TOKEN) : run, sync, invite"
    )
    parser.add_argument(
        "action",
        nargs="?",
        choices=list(ACTIONS),
        default="run",
        help="run : lance le bot; sync : envoie les commandes à Discord; invite : le lien",
    )
    start = run if web is None else lambda: run(web)
    actions = {**ACTIONS, "run": start}
    parser.set_defaults(run=lambda args: actions[args.action]())
    return start
