"""/faitsaillant and /vocab in English: no French typography or words left in lists and files."""

from __future__ import annotations

from adapters.console import ConsoleChat
from tests.surfaces import Answers


async def english(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco", "/outarde config langue en")


async def test_list_line_in_english(chat: ConsoleChat) -> None:
    await english(chat)
    out = await chat.type("/faitsaillant New service in Lachute #jobs", "/faitsaillant list")
    assert "— Coco: New service in Lachute #jobs (no. 1)" in out
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
