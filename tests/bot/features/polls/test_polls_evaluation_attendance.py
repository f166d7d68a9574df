"""Only the people who came to a meeting answer its evaluation; the others are told why."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.bot.features.meetings.test_meetings import START, advance_to
from tests.bot.features.meetings.test_meetings_people import click

WORDS = {
    "fr": {
        "plan": "/rencontre planifier le 20 octobre à 13 h 30 | Salle du conseil | Automne",
        "confirm": "Confirmer",
        "present": "Présent·e",
        "absent": "Absent·e",
        "answer": "Répondre",
        "refusal": "Cette évaluation porte sur la rencontre « Automne » : seules les personnes",
        "thanks": "Merci!",
    },
    "en": {
        "plan": "/rencontre plan October 20 1:30 pm | Council room | Fall meeting",
        "confirm": "Confirm",
        "present": "Attending",
        "absent": "Absent",
        "answer": "Answer",
        "refusal": "This evaluation is about the meeting “Fall meeting”: only the people",
        "thanks": "Thank you",
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_an_absent_person_cannot_evaluate_the_meeting(chat, clock, language) -> None:  # type: ignore[no-untyped-def]
    words = WORDS[language]
    await chat.type(":moi Coco", f"/outarde config langue {language}", words["plan"])
    await click(chat, words["confirm"])
    await click(chat, words["present"], "Ana")
    await click(chat, words["absent"], "Karim")
    await advance_to(chat, clock, START + timedelta(days=15))
    out = await click(chat, words["answer"], "Karim")
    assert words["refusal"] in out
    button = chat.last_buttons(words["answer"])[-1]
    out = await chat.type(":moi Ana", f":clic {button}", "5", "", "", "", "")
    assert words["thanks"] in out and words["refusal"] not in out
