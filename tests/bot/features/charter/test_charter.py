"""/charte: propose, amend, adopt by the coordination, show and history; bad input refused."""

from __future__ import annotations

from sqlmodel import select

from storage.models.charter import CharterVersion

TEXT = "Nous agissons ensemble pour le développement social du territoire."
AMENDED = "Nous agissons ensemble, dans le respect de la mission de chaque organisme."


async def versions(app) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        rows = (await session.exec(select(CharterVersion).order_by(CharterVersion.number))).all()
        return [(row.number, row.status) for row in rows]


async def test_propose_amend_adopt_and_show(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/charte")
    assert "pas encore adopté de charte" in out
    out = await chat.type(":moi Bruno", f"/charte proposer {TEXT}")
    assert "Bruno propose une charte pour la table (version 1)" in out and TEXT in out
    out = await chat.type(f"/charte proposer {TEXT}")
    assert "déjà en discussion (version 1)" in out
    out = await chat.type(":moi Alice", f"/charte amender {AMENDED}")
    assert "version 2, qui remplace la version 1" in out
    out = await chat.type(":moi Bruno", "/charte adopter")
    assert "Seule la coordination" in out
    assert await versions(app) == [(1, "amendee"), (2, "proposee")]
    out = await chat.type(":moi Coco", "/charte adopter")
    assert "La charte de la table est adoptée (version 2, par Coco, coordination)" in out
    out = await chat.type("/charte")
    assert AMENDED in out and "Version 2, adoptée le 6 octobre 2026" in out
    out = await chat.type(f"/charte amender {TEXT} Et nous nous écoutons.", "/charte adopter")
    assert "Elle remplace la version 2" in out
    assert await versions(app) == [(1, "amendee"), (2, "remplacee"), (3, "adoptee")]
    out = await chat.type("/charte historique")
    assert "*Version 3* — en vigueur" in out and "*Version 2* — remplacée" in out


async def test_bad_input_stores_nothing(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco",
        "/charte proposer",
        "/charte proposer court",
        "/charte proposer " + "x" * 4001,
        "/charte proposer @everyone lisez notre belle charte commune",
        "/charte adopter",
        "/charte amender Un texte qui n'a rien à modifier encore.",
        "/charte n'importe quoi",
    )
    assert "Il manque le texte de la charte" in out
    assert "trop court" in out and "trop long (4001 caractères)" in out
    assert "mentions de masse" in out
    assert "Aucune proposition de charte n'est en discussion" in out
    assert "ni charte ni proposition à modifier" in out
    assert await versions(app) == []


async def test_withdraw_by_author_only(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", ":moi Bruno", f"/charte proposer {TEXT}")
    out = await chat.type(":moi Alice", "/charte retirer")
    assert "Seule la coordination" in out
    out = await chat.type(":moi Bruno", "/charte retirer")
    assert "est retirée" in out
    assert await versions(app) == [(1, "retiree")]


async def test_in_english(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    out = await chat.type(
        "/charte propose We act together for the territory's social development.",
        "/charte adopt",
        "/charte",
        "/charte propose",
    )
    assert "Coco proposes a charter for the table (version 1)" in out
    assert "The table's charter is adopted (version 1, by Coco, coordinator)" in out
    assert "Version 1, adopted on October 6, 2026" in out
    assert "The charter's text is missing" in out


async def test_workspaces_do_not_share_a_charter(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", f"/charte proposer {TEXT}", "/charte adopter")
    out = await chat.type(":espace autre", ":moi Zoé", "/charte", "/charte adopter")
    assert TEXT not in out and "pas encore adopté de charte" in out
    assert "Aucune proposition de charte" in out
