"""A coordinator's (or the table's) adoption is never overturned by a competing threshold."""

from __future__ import annotations

import pytest

from adapters.console import ConsoleChat

OLD = "agir ensemble après s'être consultés"
NEW = "se mettre d'accord avant d'agir"
WORDS = {
    "fr": {
        "told": "⚠️ Coordination : la proposition n° 1 (« concertation ») a atteint le seuil",
        "how": "`/vocab adopter 1`",
        "endorse": "J'appuie",
        "adopted": "n° 2 · concertation* — adoptée",
        "replaced": "n° 2 · concertation* — remplacée",
        "adopt": "/vocab adopter",
    },
    "en": {
        "told": "⚠️ Coordinators: proposal #1 (“concertation”) reached the endorsement threshold",
        "how": "`/vocab adopt 1`",
        "endorse": "I endorse",
        "adopted": "#2 · concertation* — adopted",
        "replaced": "#2 · concertation* — replaced",
        "adopt": "/vocab adopt",
    },
}


async def endorse_first_open(chat: ConsoleChat, person: str, label: str) -> str:
    """``person`` looks the term up and endorses the proposal in discussion."""
    await chat.type(f":moi {person}", "/vocab concertation")
    return await chat.type(f":clic {chat.last_buttons(label)[-1]}")


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_threshold_on_a_competing_proposal_asks_the_coordination(
    chat: ConsoleChat, language: str
) -> None:
    words = WORDS[language]
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    await chat.type(":moi Alice", f"/vocab proposer concertation : {NEW}")
    await chat.type(":moi Bruno", f"/vocab proposer concertation : {OLD}")
    await chat.type(":moi Coco", f"{words['adopt']} 2")
    await endorse_first_open(chat, "Bruno", words["endorse"])
    out = await endorse_first_open(chat, "Chloé", words["endorse"])  # 3 endorsements, no objection
    assert words["told"] in out and words["how"] in out
    out = await chat.type("/vocab historique concertation")
    assert words["adopted"] in out and words["replaced"] not in out
    out = await chat.type("/vocab concertation")
    assert out.index(OLD) < out.index(NEW)  # #2 is still the definition, #1 in discussion
    out = await endorse_first_open(chat, "Dan", words["endorse"])  # told once, not at each vote
    assert words["told"] not in out
    out = await chat.type(":moi Coco", f"{words['adopt']} 1")  # the coordination decides
    out = await chat.type("/vocab historique concertation")
    assert words["replaced"] in out
