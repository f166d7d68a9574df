"""People with a space in their name are mentioned whole in the console."""

from __future__ import annotations

import pytest

from adapters.console.chat import console_mentions
from testkit.doubles import mention


def test_known_spaced_names_and_quoted_names_become_one_mention() -> None:
    known = {"Marc Tremblay", "Alice"}
    marc = mention("marc-tremblay")
    assert console_mentions("mandat @Marc Tremblay oui", known) == f"mandat {marc} oui"
    assert console_mentions('mandat @"Marc Tremblay" oui') == f"mandat {marc} oui"
    assert (
        console_mentions("@marc  tremblay, @Alice", known) == f"{marc}, {mention('alice', 'Alice')}"
    )
    assert console_mentions("@Marc Tremblayy", known) == f"{mention('marc', 'Marc')} Tremblayy"


@pytest.mark.parametrize(
    ("language", "typed", "said"),
    [
        ("fr", "/partenaire mandat @Marc Tremblay oui", "Marc Tremblay est maintenant mandaté·e"),
        ("en", "/partenaire mandate @Marc Tremblay yes", "Marc Tremblay"),
    ],
)
async def test_a_coordinator_names_marc_tremblay(chat, language, typed, said) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    await chat.type(':moi "Marc Tremblay" CDC des Collines')
    out = await chat.type(":moi Coco", typed)
    assert said in out and "@Marc" not in out
