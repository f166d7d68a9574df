"""The console saves each file and picture the bot sends, and prints where."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from adapters.console import ConsoleChat, ConsoleScreen
from bot.compose import build_core

WORDS = {
    "fr": ("↳ enregistré : ", "lexique", "/vocab exporter", "fermer"),
    "en": ("↳ saved: ", "glossary", "/vocab export", "close"),
}


def saved_paths(out: str, said: str) -> list[Path]:
    return [Path(line.split(said, 1)[1]) for line in out.splitlines() if said in line]


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_files_and_charts_are_saved_and_their_path_printed(
    db, clock, tmp_path: Path, language: str
) -> None:  # type: ignore[no-untyped-def]
    said, stem, export, close = WORDS[language]
    folder = tmp_path / "fichiers"
    screen = ConsoleScreen(out=io.StringIO(), files_dir=folder)
    chat = ConsoleChat(build_core(db, screen, clock=clock, founder_is_coordinator=True), screen)
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    await chat.type("/outarde config seuil_vocab 1", "/vocab proposer concertation : agir")
    paths = saved_paths(await chat.type(export), said)
    assert sorted(path.name for path in paths) == [f"{stem}.csv", f"{stem}.md"]
    assert all(path.parent == folder for path in paths)
    assert "concertation" in (folder / f"{stem}.md").read_text(encoding="utf-8-sig")
    again = saved_paths(await chat.type(export), said)  # never over an earlier file
    assert sorted(path.name for path in again) == [f"{stem}-2.csv", f"{stem}-2.md"]
    await chat.type('/sondage "Q ?" Oui Non')
    await chat.type(f":clic {chat.last_buttons('Oui')[-1]}")
    pictures = saved_paths(await chat.type(f"/sondage {close} 1"), said)
    assert pictures and pictures[0].read_bytes().startswith(b"\x89PNG")


async def test_without_a_folder_nothing_is_saved(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config seuil_vocab 1", "/vocab proposer a : b")
    out = await chat.type("/vocab exporter")
    assert "📎 lexique.md" in out and "enregistré" not in out
