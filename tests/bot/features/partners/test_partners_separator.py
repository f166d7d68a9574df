"""An organisation's name is never split on « ; » or « | »: the sector comes only after « / »
(between spaces), after « secteur : », or after a quoted name; the confirmation shows both parts."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.models.partners import Organisation

CASES = {
    "fr": ("ajouter", "secteur non précisé", "« ; » ou « | » compris", "secteur :"),
    "en": ("add", "sector not given", "« ; » or « | » included", "sector:"),
}


async def stored(app) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        rows = (await session.exec(select(Organisation).order_by(Organisation.id))).all()
        return [(o.name, o.sector) for o in rows]


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_a_semicolon_stays_in_the_name(chat, app, language: str) -> None:  # type: ignore[no-untyped-def]
    add, no_sector, kept, keyword = CASES[language]
    await chat.type(f"/outarde config langue {language}")
    out = await chat.type(f"/partenaire {add} Groupe Action; Solidarité")
    assert await stored(app) == [("Groupe Action; Solidarité", None)]
    assert "*Groupe Action; Solidarité*" in out and no_sector in out and kept in out
    out = await chat.type(f"/partenaire {add} Maison | Famille {keyword} communautaire")
    assert ("Maison | Famille", "communautaire") in await stored(app)
    out = await chat.type(f"/partenaire {add} CDC 24/7 / communautaire")
    assert ("CDC 24/7", "communautaire") in await stored(app)
    assert kept not in out


async def test_the_person_sees_the_whole_name_when_declaring(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Alice", "/partenaire moi Loisirs; Culture")
    assert "vous représentez *Loisirs; Culture* (secteur non précisé)" in out
    assert "« ; » ou « | » compris" in out
    assert await stored(app) == [("Loisirs; Culture", None)]
