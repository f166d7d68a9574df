"""Help pages built from the catalogues: every command, or one family (« /sondage aide »).

The examples in each language's catalogue name the subcommands in that language, so the
subcommand words shown in a message come from them too.
"""

from __future__ import annotations

from bot.i18n import catalog, normalise_language, t
from bot.messages import Block, Context, Header, Message, Section
from bot.router import Command, Router, Subcommand
from bot.text import fold

HELP_WORDS = frozenset({"aide", "help", "?"})
FAMILY_ORDER = ("rencontre", "faitsaillant", "vocab", "sondage", "partenaire", "outarde")
"""The families in the help, most used first; a family not listed comes after them."""
SUBCOMMAND_ORDER: dict[str, tuple[str, ...]] = {
    "rencontre": ("planifier", "", "liste", "odj", "trio", "reporter", "annuler", "ics"),
    "faitsaillant": ("", "liste", "recolte"),
    "vocab": ("", "proposer", "liste", "discuter", "historique", "adopter", "retirer"),
    "sondage": (
        "",
        "evaluation",
        "liste",
        "fermer",
        "prolonger",
        "votants",
        "exporter",
        "tendances",
    ),
    "partenaire": ("moi", "mandat", "liste", "", "ajouter", "retirer"),
    "outarde": ("aide", "", "config"),
}
"""Each family's subcommands, most used first; the others follow in their declared order."""


def _ranked(names: list[str], preferred: tuple[str, ...]) -> list[str]:
    """``names`` with those in ``preferred`` first, in its order; the rest keep theirs."""
    rank = {name: index for index, name in enumerate(preferred)}
    return sorted(names, key=lambda name: rank.get(name, len(preferred)))


def families(router: Router) -> list[Command]:
    """The router's commands in the help's order."""
    return [router.commands[name] for name in _ranked(list(router.commands), FAMILY_ORDER)]


def subcommand_order(command: Command) -> list[str]:
    """The subcommands of ``command`` in the help's order."""
    return _ranked(list(command.order), SUBCOMMAND_ORDER.get(command.name, ()))


def subcommand_word(language: str, command: Command, sub: Subcommand) -> str:
    """How ``sub`` is written in ``language``: the word its example uses, else its name."""
    words = t(language, sub.help + ".example").split()
    names = {fold(sub.name), *map(fold, sub.aliases)}
    if len(words) > 1 and words[0] == f"/{command.name}" and fold(words[1]) in names:
        return words[1]
    return sub.name


def choices(language: str, command: Command) -> str:
    """« /vocab proposer, /vocab liste, … » in ``language``, for error messages."""
    named = (command.subcommands[name] for name in command.order if name)
    return ", ".join(f"/{command.name} {subcommand_word(language, command, s)}" for s in named)


def _section(language: str, command: Command) -> Section:
    lines = []
    for name in subcommand_order(command):
        sub = command.subcommands[name]
        summary, example = t(language, sub.help + ".summary"), t(language, sub.help + ".example")
        examples = [example, *_more_examples(language, sub)]
        lines.append(f"• {summary}\n" + "\n".join(f"   `{text}`" for text in examples))
    return Section(f"*/{command.name}*\n" + "\n".join(lines))


def _more_examples(language: str, sub: Subcommand) -> list[str]:
    """The other forms of a subcommand (``more`` in its help, one per line), if any."""
    key = sub.help + ".more"
    if key not in catalog(normalise_language(language)) and key not in catalog("fr"):
        return []
    return [line.strip() for line in t(language, key).splitlines() if line.strip()]


def help_blocks(router: Router, language: str) -> list[Block]:
    """Every command with one example each, in ``language`` (built once)."""
    key = ("help", language)
    blocks: tuple[Block, ...] | None = router.memo.get(key)
    if blocks is None:
        blocks = (Header(t(language, "outarde.help_title")),)
        blocks += tuple(_section(language, command) for command in families(router))
        blocks += (Context((t(language, "outarde.help_footer"),)),)
        router.memo[key] = blocks
    return list(blocks)


def family_help(language: str, command: Command) -> Message:
    """``/sondage aide``: that family's subcommands, each with its example."""
    title = t(language, "outarde.family_help_title", command=command.name)
    blocks: list[Block] = [Header(title), _section(language, command)]
    blocks.append(Context((t(language, "outarde.help_footer"),)))
    return Message(blocks=blocks, text=title, ephemeral=True)


def asks_for_help(command: Command, text: str) -> bool:
    """True for « aide » / « help » / « ? » alone, when the family has no such subcommand."""
    words = text.split()
    return len(words) == 1 and fold(words[0]) in HELP_WORDS and command.find(words[0]) is None
