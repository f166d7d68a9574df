"""The welcome also comes with a newcomer's first command (no member-join event needed): once
per person and workspace, with their organisation's open actions; the people who start a
workspace in its first week found it and are welcomed when they name their organisation."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.models.overview import Welcomed

WORDS = {
    "fr": ("Bienvenue à la table, Dana!", "Ce message n'est visible que par vous.", "liste"),
    "en": ("Welcome to the table, Dana!", "Only you can see this message.", "list"),
}


async def welcomed(app) -> list[str]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return sorted(w.user_id for w in (await session.exec(select(Welcomed))).all())


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_a_newcomer_is_welcomed_at_their_first_command(chat, app, language: str) -> None:  # type: ignore[no-untyped-def]
    hello, private, listing = WORDS[language]
    await chat.type(":moi Coco", f"/outarde config langue {language}", ":avance 8j")
    out = await chat.type(":moi Dana", f"/rencontre {listing}")
    assert hello in out and private in out
    out = await chat.type(f"/rencontre {listing}", "/partenaire moi CDC")
    assert hello not in out  # once per person
    assert await welcomed(app) == ["dana"]


async def test_the_founding_week_brings_no_welcome_before_the_organisation(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/rencontre liste", ":moi Eve", "/rencontre liste")
    assert "Bienvenue" not in out
    out = await chat.type("/partenaire moi CDC")
    assert "Bienvenue à la table, Eve!" in out  # naming the organisation still welcomes
    assert await welcomed(app) == ["eve"]


async def test_an_error_is_not_a_first_step(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre liste", ":avance 8j")
    out = await chat.type(":moi Dana", "/rencontre nimporte")
    assert "Bienvenue" not in out
    assert "Bienvenue à la table, Dana!" in await chat.type("/rencontre liste")


async def test_the_welcome_lists_the_organisation_open_actions(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(
        ":moi Coco",
        "/partenaire ajouter CDC des Collines / communautaire",
        "/suivi action CDC des Collines Déposer la demande au PSOC pour vendredi",
        "/suivi action CLD Préparer le lac-à-l'épaule",
    )
    out = await chat.type(":moi Bruno", "/partenaire moi CDC des Collines")
    assert "Les actions ouvertes de CDC des Collines" in out
    assert "• Déposer la demande au PSOC (échéance :" in out
    assert "lac-à-l'épaule" not in out
    assert "`/suivi liste`" in out


async def test_a_first_step_that_opens_a_form_brings_no_welcome(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre liste", ":avance 8j")
    out = await chat.type(":moi Dana", "/suivi action")
    assert "Bienvenue" not in out
    out = await chat.type("/partenaire moi CDC")
    assert "Bienvenue à la table, Dana!" in out
