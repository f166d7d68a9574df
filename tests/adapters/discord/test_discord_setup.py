"""Invite link, command tree, English translations and on-demand sync, all offline."""

from __future__ import annotations

import argparse
from urllib.parse import parse_qs, urlparse

import discord

from adapters.discord import cli
from adapters.discord.commands import CatalogTranslator, discord_name
from bot.app import Outarde
from bot.compose import build_router
from testkit.discord_harness import Harness

ROUTER = build_router()  # what every core of these tests knows


def test_the_invite_url_asks_exactly_what_the_bot_needs() -> None:
    query = parse_qs(urlparse(cli.invite_url(123456789012345678)).query)
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"] == ["bot applications.commands"]
    # View Channels 1024 + Send Messages 2048 + Embed Links 16384 + Attach Files 32768
    # + Read Message History 65536 + Use Application Commands 2147483648
    assert query["permissions"] == ["2147601408"]
    assert int(query["permissions"][0]) == 1024 + 2048 + 16384 + 32768 + 65536 + 2**31


def test_outarde_discord_subcommands() -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    default = cli.register(subparsers)
    assert default is cli.run
    assert parser.parse_args(["discord"]).action == "run"
    assert parser.parse_args(["discord", "sync"]).action == "sync"
    assert parser.parse_args(["discord", "invite"]).action == "invite"


def test_invite_prints_the_url_without_network(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DISCORD_APPLICATION_ID", "123456789012345678")
    cli.invite()
    out = capsys.readouterr().out
    assert "client_id=123456789012345678" in out and "permissions=2147601408" in out


async def test_the_tree_has_every_family_and_subcommand(app: Outarde) -> None:
    tree = (await Harness(app).start()).client.tree
    groups = {command.name: command for command in tree.get_commands()}
    assert set(groups) == set(ROUTER.commands)
    for family, command in ROUTER.commands.items():
        names = {sub.name for sub in groups[family].commands}  # type: ignore[union-attr]
        expected = {discord_name(n) for n in command.order if n}
        if "" in command.subcommands:
            expected.add("voir")
        assert names == expected, family
        for sub in groups[family].commands:  # type: ignore[union-attr]
            assert 1 <= len(sub.description) <= 100
            assert [p.name for p in sub.parameters] == ["texte"]
            assert not sub.parameters[0].required


async def test_the_translator_gives_english_names_and_descriptions(app: Outarde) -> None:
    tree = (await Harness(app).start()).client.tree
    translator = CatalogTranslator()
    group = tree.get_command("partenaire")
    assert group is not None
    payload = await group.get_translated_payload(tree, translator)
    assert payload["name"] == "partenaire"
    assert payload["name_localizations"]["en-US"] == "partner"
    assert payload["name_localizations"]["en-GB"] == "partner"
    assert "fr" not in payload["name_localizations"]
    assert payload["description_localizations"]["en-US"].startswith("The table's partner")
    subs = {o["name"]: o for o in payload["options"]}
    assert subs["moi"]["name_localizations"]["en-US"] == "me"
    assert subs["liste"]["name_localizations"]["en-US"] == "list"
    assert subs["voir"]["name_localizations"]["en-US"] == "show"
    text = subs["moi"]["options"][0]
    assert text["name"] == "texte" and text["name_localizations"]["en-US"] == "text"
    assert text["description"].startswith("Exemple : CDC des Collines")
    assert text["description_localizations"]["en-US"].startswith("Example:")


async def test_sync_sends_the_translated_tree_on_demand(app: Outarde) -> None:
    bot = await Harness(app).start()
    app = bot.app  # the core the Discord client delivers through
    assert not bot.recorder.requests  # starting never syncs
    guild = discord.Object(900000000000000002)
    bot.client.tree.copy_global_to(guild=guild)
    synced = await bot.client.tree.sync(guild=guild)
    put = bot.recorder.requests[-1]
    assert put.method == "PUT" and put.url.endswith("/guilds/900000000000000002/commands")
    assert {c.name for c in synced} == set(ROUTER.commands)
    names = {c["name"]: c for c in put.payload}
    assert names["sondage"]["name_localizations"]["en-US"] == "poll"
    assert names["vocab"]["contexts"] == [0] or names["vocab"].get("dm_permission") is False


async def test_autocomplete_is_offered_where_the_core_suggests(app: Outarde) -> None:
    tree = (await Harness(app).start()).client.tree
    for family in ("vocab", "rencontre", "sondage", "partenaire"):
        group = tree.get_command(family)
        assert group is not None
        offered = any(p.autocomplete for s in group.commands for p in s.parameters)  # type: ignore[union-attr]
        assert offered == bool(ROUTER.hooks.get(f"suggest.{family}")), family


def test_the_text_option_example_never_repeats_the_subcommand() -> None:
    from adapters.discord.commands import _example
    from bot.text import fold

    checked = 0
    for command in ROUTER.commands.values():
        for sub in command.subcommands.values():
            words = {fold(sub.name), *map(fold, sub.aliases)} - {""}
            for language in ("fr", "en"):
                shown = _example(language, command, sub).split(":", 1)[-1].split()
                checked += 1
                assert not shown or fold(shown[0]) not in words, (command.name, sub.name, shown)
    assert checked > 40
