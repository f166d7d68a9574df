"""The hub sees a table's evaluation trends only over evaluations that reached the table's
anonymity threshold; an evaluation answered by fewer people shows nothing."""

from __future__ import annotations

import re
from datetime import timedelta

from adapters.console import ConsoleChat
from tests.bot.features.polls.test_polls_evaluation import answer
from tests.bot.features.polls.test_polls_helpers import command, last_poll


async def test_trends_cross_only_above_the_anonymity_threshold(chat: ConsoleChat, clock) -> None:  # type: ignore[no-untyped-def]
    app = chat.app
    await command(app, "Alice", "evaluation Rencontre de septembre")  # Alice founds the table
    poll = await last_poll(app)
    await answer(app, "Bruno", poll.id or 0, ["5", "4", "4", "2"])
    await answer(app, "Chloé", poll.id or 0, ["3", "4", "4", "2"])
    clock.advance(timedelta(days=30))
    await app.run_due()

    out = await chat.type(":espace estrie", ":moi Rita", "/outarde region creer Estrie")
    code = re.search(r"RGN-[A-Z0-9]{4}-[A-Z0-9]{4}", out)
    assert code is not None
    out = await chat.type(":espace table", ":moi Alice",
                          f"/outarde region rejoindre {code.group(0)} Table de Magog")  # fmt: skip
    number = re.search(r"\(n° (\d+)\)", out)
    assert number is not None, out
    await chat.type(":espace estrie", ":moi Rita", f"/outarde region accepter {number.group(1)}")
    out = await chat.type("/outarde region tendances")
    assert "pas assez de réponses" in out  # 2 answers: under the threshold of 3
    assert "climat" not in out

    await command(app, "Alice", "evaluation Rencontre d'octobre")
    poll = await last_poll(app)
    for who, first in (("Bruno", "5"), ("Chloé", "4"), ("Denis", "3")):
        await answer(app, who, poll.id or 0, [first, "4", "4", "2"])
    clock.advance(timedelta(days=30))
    await app.run_due()
    out = await chat.type("/outarde region tendances")
    assert "utilité de la rencontre : 4,0 / 5 (1 évaluation(s))" in out
    assert "climat : 4,0 / 5" in out
