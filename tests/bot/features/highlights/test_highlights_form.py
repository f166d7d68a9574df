"""/faitsaillant: themes and links as typed in the form or the command, refused with a reason."""

from __future__ import annotations

from sqlmodel import select

from storage.models.highlights import Highlight, HighlightTag


async def rows(db, model) -> list:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        return list((await session.exec(select(model))).all())


async def test_a_form_theme_of_several_words_stays_one(chat, db) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice",
        "/faitsaillant",
        "Nouveau service à #l'emploi",
        "logement, #Santé, Habitation communautaire",
        "",
        "",
    )
    assert "Thèmes : #emploi #logement #Santé #Habitation-communautaire" in out
    tags = {tag.tag for tag in await rows(db, HighlightTag)}
    assert tags == {"emploi", "logement", "sante", "habitation-communautaire"}


async def test_too_many_or_too_long_themes_are_explained(chat, db) -> None:  # type: ignore[no-untyped-def]
    eleven = " ".join(f"#theme{n}" for n in range(11))
    out = await chat.type(
        ":moi Alice",
        f"/faitsaillant Nouvelles {eleven}",
        "/faitsaillant Nouvelles #" + "a" * 31,
    )
    assert "Il y a 11 thèmes, mais 10 au plus" in out
    assert f"Le thème « {'a' * 31} » est trop long : 30 caractères au plus" in out
    assert await rows(db, Highlight) == []
    out = await chat.type("/faitsaillant", "Nouvelles", eleven, "", "", "emploi", "", "")
    assert "Il y a 11 thèmes, mais 10 au plus" in out
    assert len(await rows(db, Highlight)) == 1
    assert [tag.tag for tag in await rows(db, HighlightTag)] == ["emploi"]


async def test_a_link_with_a_space_is_refused_with_an_example(chat, db) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice", "/faitsaillant", "Un texte", "", "https://ok.org/a b", "", "https://ok.org/a"
    )
    assert "Une adresse Web ne contient pas d'espace" in out
    assert "https://www.exemple.org/appel-de-projets" in out
    [highlight] = await rows(db, Highlight)
    assert highlight.link == "https://ok.org/a"


def test_punctuation_around_form_themes_loses_none() -> None:
    from bot.features.highlights.parsing import themes_field

    found = themes_field("(emploi) « logement » santé-mentale, Sécurité alimentaire.")
    assert [key for key, _ in found] == [
        "emploi",
        "logement",
        "sante-mentale",
        "securite-alimentaire",
    ]
    found = themes_field("Habitation communautaire; santé/services sociaux")
    assert [key for key, _ in found] == ["habitation-communautaire", "sante", "services-sociaux"]
