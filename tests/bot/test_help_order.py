"""The help lists the families and their commands most used first, with every form."""

from __future__ import annotations

import pytest

FAMILIES = [
    "*/rencontre*",
    "*/faitsaillant*",
    "*/vocab*",
    "*/sondage*",
    "*/partenaire*",
    "*/outarde*",
]
FORMS = {
    "fr": [
        "`/rencontre odj monter 2`",
        "`/rencontre odj descendre 2`",
        "`/rencontre odj retirer 2`",
        "`/rencontre trio #4 @personne1 @personne2 @personne3`",
        "`/partenaire mandat @personne oui`",
        "`/outarde config coordo ajouter @personne`",
    ],
    "en": [
        "`/rencontre agenda up 2`",
        "`/rencontre agenda down 2`",
        "`/rencontre agenda remove 2`",
        "`/rencontre trio #4 @person1 @person2 @person3`",
        "`/partenaire mandate @person yes`",
        "`/outarde config coordinators add @person`",
    ],
}


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_help_order_and_every_form(chat, language: str) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    out = await chat.type("/outarde aide")
    positions = [out.index(family) for family in FAMILIES]
    assert positions == sorted(positions)
    meetings = out[out.index("*/rencontre*") : out.index("*/faitsaillant*")]
    first = meetings.split("`")[1]
    assert first.startswith("/rencontre planifier" if language == "fr" else "/rencontre plan")
    for form in FORMS[language]:
        assert form in out, form


@pytest.mark.parametrize(
    ("language", "typed"), [("fr", "/rencontre aide"), ("en", "/rencontre help")]
)
async def test_family_help_shows_the_other_forms(chat, language: str, typed: str) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    out = await chat.type(typed)
    assert FORMS[language][0] in out and FORMS[language][3] in out
