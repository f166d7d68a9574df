"""The regional hub across two console workspaces (and a third): joining with coordination on
both sides, what the hub sees, importing a term with its source, announcements, leaving, and
crafted numbers of another region refused."""

from __future__ import annotations

import re

from sqlmodel import select

from adapters.console import ConsoleChat
from storage.models import Outbox

PLAN = "/rencontre planifier mardi 20 octobre 13 h 30 | Salle du conseil, MRC | Rencontre d'automne"


async def go(chat: ConsoleChat, workspace: str, person: str, *lines: str) -> str:
    return await chat.type(f":espace {workspace}", f":moi {person}", *lines)


async def hub_with_code(chat: ConsoleChat) -> str:
    out = await go(chat, "estrie", "Rita", "/outarde region creer Concertation de l'Estrie")
    found = re.search(r"RGN-[A-Z0-9]{4}-[A-Z0-9]{4}", out)
    assert found is not None, out
    return found.group(0)


async def join(chat: ConsoleChat, workspace: str, person: str, code: str, name: str) -> int:
    out = await go(chat, workspace, person, f"/outarde region rejoindre {code} {name}")
    found = re.search(r"\(n° (\d+)\)", out)
    assert found is not None, out
    return int(found.group(1))


async def test_a_table_joins_and_the_hub_sees_only_what_it_shares(chat: ConsoleChat) -> None:
    code = await hub_with_code(chat)
    await go(chat, "magog", "Alice", "/faitsaillant Nouvelle halte-garderie #régional",
             "/faitsaillant Dossier confidentiel #emploi")  # fmt: skip
    number = await join(chat, "magog", "Alice", code.lower(), "Table de Magog")

    # not yet accepted: the hub sees nothing of it
    out = await go(chat, "estrie", "Rita", "/outarde region faits")
    assert "Nouvelle halte" not in out
    out = await chat.type("/outarde region")
    assert f"n° {number} · Table de Magog — demande en attente" in out
    out = await chat.type(":avance 1min")
    assert "La table « Table de Magog » demande à rejoindre" in out  # told in the hub's channel
    # only the hub's coordination accepts
    out = await go(chat, "estrie", "Bruno", f"/outarde region accepter {number}")
    assert "coordination" in out.lower() and "fait maintenant partie" not in out
    out = await go(chat, "estrie", "Rita", f"/outarde region accepter {number}")
    assert "Table de Magog fait maintenant partie de la région" in out

    out = await chat.type("/outarde region faits")
    assert "Nouvelle halte-garderie" in out and "Dossier confidentiel" not in out
    # the table chooses another theme: the hub follows it
    await go(chat, "magog", "Alice", "/outarde region theme #emploi")
    out = await go(chat, "estrie", "Rita", "/outarde region faits")
    assert "Dossier confidentiel" in out and "Nouvelle halte" not in out

    # the combined calendar (and its file)
    await go(chat, "magog", "Alice", PLAN)
    button = chat.last_buttons("Confirmer")[-1]
    await chat.type(f":clic {button}")
    out = await go(chat, "estrie", "Rita", "/outarde region calendrier ics")
    assert "*Table de Magog* : Rencontre d'automne (Salle du conseil, MRC)" in out
    assert "region.ics" in out

    # a table that leaves takes its data back
    out = await go(chat, "magog", "Alice", "/outarde region quitter")
    assert "a quitté la région" in out
    out = await go(chat, "estrie", "Rita", "/outarde region faits", "/outarde region calendrier")
    assert "Dossier confidentiel" not in out and "Rencontre d'automne" not in out


async def test_a_term_is_imported_with_its_source_and_the_hub_announces_to_all(
    chat: ConsoleChat,
) -> None:
    code = await hub_with_code(chat)
    for workspace, person, name in (("magog", "Alice", "Table de Magog"),
                                    ("coaticook", "Zoé", "Table de Coaticook")):  # fmt: skip
        number = await join(chat, workspace, person, code, name)
        await go(chat, "estrie", "Rita", f"/outarde region accepter {number}")
    await go(chat, "magog", "Alice", "/vocab proposer milieu de vie : lieu où l'on se retrouve",
             "/vocab adopter 1")  # fmt: skip
    out = await go(chat, "estrie", "Rita", "/outarde region vocabulaire")
    assert "*milieu de vie* : lieu où l'on se retrouve" in out

    importing = "/outarde region importer Milieu de vie de Table de Magog"
    out = await go(chat, "coaticook", "Zoé", importing)
    assert "« milieu de vie » est adopté dans le vocabulaire de la table" in out
    assert "importé de Table de Magog" in out
    out = await chat.type("/vocab milieu de vie")
    assert "lieu où l'on se retrouve" in out
    assert "Table de Magog (région Concertation de l'Estrie)" in out
    out = await chat.type("/outarde region importer concertation")
    assert "Aucun terme « concertation »" in out

    announce = "/outarde region annonce Formation sur l'animation le 12 février"
    out = await go(chat, "estrie", "Rita", announce)
    assert "Annonce envoyée à 2 table(s) : Table de Magog, Table de Coaticook" in out
    out = await chat.type(":avance 1min")
    assert out.count("Formation sur l'animation le 12 février") == 2
    async with chat.app.db.session() as session:
        rows = (await session.exec(select(Outbox.workspace, Outbox.status))).all()
    announced = sorted(w for w, status in rows if status == "sent" and w != "console:estrie")
    assert announced == ["console:coaticook", "console:magog"]


async def test_crafted_numbers_of_another_region_are_refused(chat: ConsoleChat) -> None:
    code = await hub_with_code(chat)
    number = await join(chat, "magog", "Alice", code, "Table de Magog")
    out = await go(chat, "monteregie", "Marc", "/outarde region creer Montérégie")
    assert "RGN-" in out
    for word in ("accepter", "retirer"):
        out = await chat.type(f"/outarde region {word} {number}")
        assert f"Aucune table n° {number} dans votre région" in out
    out = await chat.type("/outarde region faits", "/outarde region vocabulaire")
    assert "Table de Magog" not in out
    # a table is no hub: it accepts nobody, not even itself
    out = await go(chat, "magog", "Alice", f"/outarde region accepter {number}")
    assert "n'est le palier d'aucune région" in out
    # a table not accepted imports nothing, and sees nothing of the others
    out = await chat.type("/outarde region importer milieu de vie")
    assert "pas encore accepté" in out
    out = await go(chat, "estrie", "Rita", "/outarde region")
    assert "demande en attente" in out  # still waiting: nothing was accepted elsewhere


async def test_bad_input_says_what_to_type(chat: ConsoleChat) -> None:
    out = await go(chat, "magog", "Alice", "/outarde region rejoindre XYZ")
    assert "ressemble à RGN-7KQ2-MX4P" in out
    out = await chat.type("/outarde region rejoindre RGN-AAAA-BBBB")
    assert "Aucune région n'a ce code" in out
    out = await chat.type("/outarde region creer", "/outarde region creer " + "x" * 200)
    assert "Donnez un nom" in out and "trop long" in out
    out = await chat.type("/outarde region bidule")
    assert "« bidule » n'est pas une action" in out
    out = await chat.type("/outarde region")
    assert "ne fait partie d'aucune région" in out
    out = await chat.type("/outarde region annonce Bonjour")
    assert "n'est le palier d'aucune région" in out
