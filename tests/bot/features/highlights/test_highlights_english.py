"""/faitsaillant and /vocab in English: no French typography or words left in lists and files."""

from __future__ import annotations

from adapters.console import ConsoleChat
from testkit.doubles import Answers


async def english(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/outarde config langue en")


async def test_list_line_in_english(chat: ConsoleChat) -> None:
    await english(chat)
    out = await chat.type("/faitsaillant New service in Lachute #jobs", "/faitsaillant list")
    assert "— Coco: New service in Lachute #jobs (#1)" in out
    assert " : " not in out.split("Highlights: 1")[-1] and "n°" not in out


async def test_vocab_export_in_english(chat: ConsoleChat) -> None:
    await english(chat)
    await chat.type("/outarde config seuil_vocab 1")
    await chat.type("/vocab proposer concertation : working together | exemple : the table")
    answers = Answers()
    await chat.app.command(chat.invocation(), "vocab", "exporter", answers)
    files = {f.name: f.data.decode("utf-8-sig") for f in answers.sent[0].files}
    assert sorted(files) == ["glossary.csv", "glossary.md"]
    assert "- Example: the table" in files["glossary.md"]


FRENCH_WORDS = ("proposer", "historique", "adopter", "retirer", "liste", "recolte", "depuis")


async def test_english_help_names_the_english_subcommands(chat: ConsoleChat) -> None:
    await english(chat)
    out = await chat.type("/outarde help")
    sections = {part.split("*", 1)[0]: part for part in out.split("\n*/")[1:]}
    for command in ("vocab", "faitsaillant"):
        examples = [line.strip(" `") for line in sections[command].splitlines()[1:]]
        assert not [line for line in examples if any(w in line.split() for w in FRENCH_WORDS)]
    assert "`/vocab propose concertation" in out and "`/vocab adopt 12`" in out
    assert "`/faitsaillant list since" in out and "`/faitsaillant harvest since" in out
    assert "Coordination:" not in out and "Coordinators: adopts a proposal" in out


async def test_english_messages_give_english_examples(chat: ConsoleChat) -> None:
    await english(chat)
    out = await chat.type("/faitsaillant list #family #health", "/faitsaillant harvest x")
    assert "Example: `/faitsaillant list since Monday #employment @Alice`" in out
    assert "Example: `/faitsaillant harvest since October 1 sort useful`" in out
    out = await chat.type("/vocab propose concertation", "/vocab propose mot : sens")
    assert "`/vocab propose concertation : acting together" in out
    out += await chat.type(":moi Eve", f":clic {chat.last_buttons('I endorse')[-1]}")
    assert "with “Withdraw my response”" in out
    assert not [word for word in FRENCH_WORDS if f" {word} " in out or f"{word}`" in out]
