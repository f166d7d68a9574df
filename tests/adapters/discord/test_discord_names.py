"""English clients see English command names, each from the English catalogue."""

from __future__ import annotations

from adapters.discord.commands import CatalogTranslator, discord_name
from bot.app import Outarde
from bot.compose import build_router
from bot.help import subcommand_word
from testkit.discord_harness import Harness

# every family and subcommand as an English Discord client sees it (French name → English)
ENGLISH = {
    "outarde": (
        "outarde",
        {"aide": "help", "config": "config", "bilan": "review", "voir": "show", "page": "page",
         "courriel": "email", "donnees": "data", "region": "region"},
    ),
    "partenaire": (
        "partner",
        {"moi": "me", "mandat": "mandate", "ajouter": "add", "retirer": "remove",
         "liste": "list", "voir": "show", "public": "public", "passation": "handover",
         "adhesion": "adhere"},
    ),
    "vocab": (
        "vocab",
        {"proposer": "propose", "historique": "history", "liste": "list", "exporter": "export",
         "discuter": "discuss", "adopter": "adopt", "retirer": "retire", "voir": "show"},
    ),
    "rencontre": (
        "meeting",
        {"odj": "agenda", "ics": "ics", "calendrier": "calendar", "planifier": "plan",
         "liste": "list", "annuler": "cancel", "reporter": "move", "trio": "trio", "voir": "show",
         "modifier": "edit", "presences": "attendance", "annee": "year"},
    ),
    "sondage": (
        "poll",
        {"fermer": "close", "exporter": "export", "liste": "list", "evaluation": "evaluation",
         "tendances": "trends", "voir": "show", "votants": "voters", "prolonger": "extend"},
    ),
    "faitsaillant": (
        "highlight",
        {"recolte": "harvest", "liste": "list", "voir": "show"},
    ),
    "suivi": (
        "followup",
        {"action": "action", "decision": "decision", "fait": "done", "historique": "history",
         "liste": "list", "exporter": "export", "compte-rendu": "minutes", "voir": "show"},
    ),
    "charte": (
        "charter",
        {"proposer": "propose", "amender": "amend", "appuyer": "endorse", "objecter": "object",
         "adopter": "adopt", "retirer": "withdraw", "historique": "history", "voir": "show"},
    ),
    "accueil": ("welcome", {"texte": "text", "effacer": "reset", "voir": "show"}),
}  # fmt: skip


async def english_tree(app: Outarde) -> dict[str, tuple[str, dict[str, str]]]:
    """What Discord receives for English clients, through discord.py's own translation."""
    tree = (await Harness(app).start()).client.tree
    seen: dict[str, tuple[str, dict[str, str]]] = {}
    for group in tree.get_commands():
        payload = await group.get_translated_payload(tree, CatalogTranslator())
        subs = {o["name"]: o["name_localizations"]["en-US"] for o in payload["options"]}
        seen[payload["name"]] = (payload["name_localizations"]["en-US"], subs)
    return seen


async def test_every_english_name_is_listed_here(app: Outarde) -> None:
    seen = await english_tree(app)
    for family, (english, subs) in ENGLISH.items():
        assert seen[family][0] == english, family
        assert {k: v for k, v in seen[family][1].items() if k in subs} == subs, family
    assert set(seen) == set(ENGLISH)
    assert {f: set(s) for f, (_, s) in seen.items()} == {f: set(s) for f, (_, s) in ENGLISH.items()}


async def test_english_names_are_the_words_of_the_english_catalogue(app: Outarde) -> None:
    seen = await english_tree(app)
    for command in build_router().commands.values():
        english = seen[command.name][1]
        for word in command.order:
            if not word:
                continue
            sub = command.subcommands[word]
            catalogue_word = discord_name(subcommand_word("en", command, sub))
            assert english[discord_name(word)] == catalogue_word, (command.name, word)
        assert len(set(english.values())) == len(english)  # no two alike
