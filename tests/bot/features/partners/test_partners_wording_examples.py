"""/partenaire refusals give the example of the subcommand typed; the confirmation speaks to
the person (« vous représentez »), the console's default person included."""

from __future__ import annotations

import pytest

CASES = {
    "fr": {
        "add": (
            "/partenaire ajouter '; --",
            "Exemple : `/partenaire ajouter CISSS des Laurentides",
        ),
        "remove": (
            "/partenaire retirer",
            "Il manque le nom de l'organisme. Exemple : `/partenaire retirer CISSS",
        ),
        "export": ("/sondage exporter abc", "Exemple : `/sondage exporter 12`"),
        "mine": ("/partenaire moi CDC", "C'est noté : vous représentez *CDC*"),
    },
    "en": {
        "add": ("/partenaire add '; --", "Example: `/partenaire add"),
        "remove": (
            "/partenaire remove",
            "The organisation's name is missing. Example: `/partenaire remove",
        ),
        "export": ("/sondage export abc", "Example: `/sondage export 12`"),
        "mine": ("/partenaire me CDC", "Noted: you represent *CDC*"),
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("case", ["add", "remove", "export", "mine"])
async def test_each_refusal_shows_its_own_example(chat, language: str, case: str) -> None:  # type: ignore[no-untyped-def]
    typed, said = CASES[language][case]
    await chat.type(f"/outarde config langue {language}")  # the default person coordinates
    out = await chat.type(typed)
    assert said in out, out
    assert "Vous représente" not in out and "You represents" not in out
    assert "«  »" not in out and "“”" not in out
