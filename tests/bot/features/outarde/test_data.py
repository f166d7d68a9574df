"""/outarde donnees: a coordinator exports the table's data and erases it; nobody else can,
and nothing of another workspace is touched."""

from __future__ import annotations

import json

from adapters.console import ConsoleChat
from bot import departures
from testkit.fixtures import console


async def rows_of(app, workspace: str) -> dict:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return await departures.export(session, workspace)


async def test_a_coordinator_exports_then_erases_the_table(chat: ConsoleChat, tmp_path) -> None:  # type: ignore[no-untyped-def]
    chat.screen.files_dir = tmp_path
    await chat.type(":moi Alice CDC", "/faitsaillant Nouvelle halte-garderie #famille")
    other = console(chat.app.db, chat.app.clock)  # another table, same database
    await other.type(":espace voisine", ":moi Zoé CLE", "/faitsaillant Chez nous #emploi")

    out = await chat.type(":moi Alice", "/outarde donnees exporter")
    assert "ligne(s) dans" in out and "jetons d'installation" in out
    saved = json.loads((tmp_path / "outarde-donnees.json").read_text(encoding="utf-8"))
    assert "Nouvelle halte-garderie" in json.dumps(saved, ensure_ascii=False)
    assert "Chez nous" not in json.dumps(saved, ensure_ascii=False)

    out = await chat.type(":moi Bruno", "/outarde donnees effacer")
    assert "coordination" in out.lower()  # refused: Bruno is not a coordinator
    out = await chat.type(":moi Alice", "/outarde donnees effacer")
    assert "C'est définitif" in out
    number = max(chat.buttons)
    out = await chat.type(f":clic {number}")
    assert "sont effacées" in out
    assert await rows_of(chat.app, "console:table") == {}
    kept = json.dumps(await rows_of(chat.app, "console:voisine"), default=str, ensure_ascii=False)
    assert "Chez nous" in kept


async def test_without_a_word_it_says_what_to_type(chat: ConsoleChat) -> None:
    out = await chat.type(":moi Alice", "/outarde donnees")
    assert "/outarde donnees exporter" in out
