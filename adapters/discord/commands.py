"""Slash commands built from the core's registry: one group per family, one free-text option.

``/partenaire moi texte:CDC des Collines`` runs the core's ``/partenaire moi CDC des Collines``.
Names and descriptions are French; English ones travel in ``locale_str`` extras and the
Translator hands them to Discord for English clients.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import Choice, locale_str

from adapters.discord.render import truncate
from bot.help import subcommand_word
from bot.i18n import catalog, t
from bot.router import Command, Router, Subcommand
from bot.text import fold

log = logging.getLogger("outarde.discord")
NAME_LIMIT = 32
DESCRIPTION_LIMIT = 100
SUBCOMMANDS_PER_GROUP = 25
CHOICES_LIMIT = 25
_NAME = re.compile(r"^[-_\w]{1,32}$")


def discord_name(word: str) -> str:
    """A valid Discord command name: lowercase, no spaces, 32 characters at most."""
    name = re.sub(r"[^-_\w]", "", word.strip().lower().replace(" ", "-"))[:NAME_LIMIT]
    return name if _NAME.match(name) else ""


def text(language: str, key: str, **params: Any) -> str:
    return t(language, f"discord.{key}", **params)


def family_text(language: str, family: str, what: str) -> str:
    """Name or description of a family from discord.toml, with a fallback for new ones."""
    key = f"discord.families.{family}.{what}"
    if key in catalog("fr"):
        return t(language, key)
    return family if what == "name" else text(language, "family_fallback", command=family)


def localised(french: str, english: str, limit: int) -> locale_str:
    return locale_str(truncate(french, limit), en=truncate(english, limit))


def _english_name(command: Command, sub: Subcommand, taken: set[str]) -> str:
    """The subcommand's English name, from the English catalogue: the word its English
    example uses (``/rencontre move …`` → ``move``), the same word the English help shows.

    When that word is not a valid, unused ASCII name, the first such alias is taken, else the
    French name: always the same answer for the same registry and catalogue.
    """
    for word in (subcommand_word("en", command, sub), *sub.aliases):
        name = discord_name(word)
        if word.isascii() and name and name not in taken:
            return name
    return discord_name(sub.name)


def _example(language: str, command: Command, sub: Subcommand) -> str:
    """The subcommand's example without ``/command sub``, as the text option's description."""
    example = t(language, f"{sub.help}.example")
    rest = example.removeprefix(f"/{command.name}").strip()
    first, _, after = rest.partition(" ")
    if sub.name and fold(first) in {fold(sub.name), *map(fold, sub.aliases)}:
        rest = after.strip()  # the subcommand word, in either language
    if not rest:
        return text(language, "text_description")
    return text(language, "text_example", example=rest)


Callback = Callable[..., Coroutine[Any, Any, Any]]


@dataclass(frozen=True)
class Handlers:
    """What the slash commands call: ``run(interaction, family, text)`` for a command and
    ``suggest(interaction, family, typed)`` for autocomplete, as (label, value) pairs."""

    run: Callable[[discord.Interaction, str, str], Awaitable[None]]
    suggest: Callable[[discord.Interaction, str, str], Awaitable[list[tuple[str, str]]]]


def _callback(handlers: Handlers, family: str, word: str) -> Callback:
    """The slash command's callback: the core's command with ``word`` and the free text."""

    async def callback(interaction: discord.Interaction, texte: str | None = None) -> None:
        await handlers.run(interaction, family, f"{word} {texte or ''}".strip())

    return callback


def _suggest(handlers: Handlers, family: str) -> Callback:
    async def suggest(interaction: discord.Interaction, current: str) -> list[Choice[str]]:
        pairs = await handlers.suggest(interaction, family, current)
        return [
            Choice(name=truncate(label, 100) or value[:100], value=value[:100])
            for label, value in pairs[:CHOICES_LIMIT]
            if value
        ]

    return suggest


def build_subcommand(
    handlers: Handlers, command: Command, sub: Subcommand, name: str, english: str, suggest: bool
) -> app_commands.Command:
    callback = _callback(handlers, command.name, sub.name)
    callback = app_commands.rename(
        texte=localised(text("fr", "text_name"), text("en", "text_name"), NAME_LIMIT)
    )(callback)
    callback = app_commands.describe(
        texte=localised(
            _example("fr", command, sub), _example("en", command, sub), DESCRIPTION_LIMIT
        )
    )(callback)
    slash = app_commands.Command(
        name=locale_str(name, en=english),
        description=localised(
            t("fr", f"{sub.help}.summary"), t("en", f"{sub.help}.summary"), DESCRIPTION_LIMIT
        ),
        callback=callback,
    )
    if suggest:
        slash.autocomplete("texte")(_suggest(handlers, command.name))
    return slash


def build_group(handlers: Handlers, command: Command, router: Router) -> app_commands.Group | None:
    """The slash command group of one family, with every subcommand of the registry."""
    name = discord_name(family_text("fr", command.name, "name")) or discord_name(command.name)
    if not name:
        log.warning("/%s has no valid Discord name", command.name)
        return None
    english = discord_name(family_text("en", command.name, "name")) or name
    group = app_commands.Group(
        name=locale_str(name, en=english),
        description=localised(
            family_text("fr", command.name, "description"),
            family_text("en", command.name, "description"),
            DESCRIPTION_LIMIT,
        ),
        guild_only=True,
    )
    suggest = bool(router.hooks.get(f"suggest.{command.name}"))
    names: set[str] = set()
    english_names: set[str] = set()
    for word in command.order:
        sub = command.subcommands[word]
        if len(group.commands) >= SUBCOMMANDS_PER_GROUP:
            log.warning("/%s: more than 25 subcommands, %s left out", command.name, word)
            break
        if word:
            sub_name, sub_english = discord_name(word), _english_name(command, sub, english_names)
        else:
            sub_name, sub_english = text("fr", "default_name"), text("en", "default_name")
        if not sub_name or sub_name in names:
            log.warning("/%s %s: no usable Discord name", command.name, word)
            continue
        if sub_english in english_names:
            sub_english = sub_name
        names.add(sub_name)
        english_names.add(sub_english)
        slash = build_subcommand(handlers, command, sub, sub_name, sub_english, suggest)
        group.add_command(slash)
    return group if group.commands else None


def build_tree(
    client: discord.Client, router: Router, handlers: Handlers
) -> app_commands.CommandTree:
    """Every family of the registry as a guild-only slash command group of ``client``."""
    tree = app_commands.CommandTree(client)
    for command in router.commands.values():
        group = build_group(handlers, command, router)
        if group is not None:
            tree.add_command(group)
    return tree


class CatalogTranslator(app_commands.Translator):
    """English names and descriptions (from the catalogs) for English clients."""

    async def translate(
        self,
        string: locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if str(locale).startswith("en"):
            return string.extras.get("en")
        return None
