"""/vocab exporter reads the glossary a chunk at a time: the same files whatever the chunk."""

from __future__ import annotations

import csv
import io

from bot.messages import Message
from storage import queries
from testkit.doubles import Answers

WORDS = ("Élan", "abri", "Zèbre", "L'Arbre", "Ça", "café", "*gras*", "ordre", "Œuvre", "été")


async def exported(chat) -> Message:  # type: ignore[no-untyped-def]
    answers = Answers()
    await chat.app.command(chat.invocation(), "vocab", "exporter", answers)
    return answers.sent[0]


async def test_an_export_read_in_small_chunks_is_the_same(chat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config seuil_vocab 1")
    people = (":moi Alice", ":moi Bruno", ":moi Coco")
    for n in range(30):
        extra = " | exemple : voir #3 | source : =cmd" if n % 2 else ""
        english = f" (en: word{n})" if n % 3 == 0 else ""
        term = f"{WORDS[n % 10]} {n // 10}"
        await chat.type(people[n % 3], f"/vocab proposer {term}{english} : sens {n} _x_{extra}")
    whole = await exported(chat)
    monkeypatch.setattr(queries, "IN_LIST", 4)
    cut = await exported(chat)
    assert [f.data for f in cut.files] == [f.data for f in whole.files]
    assert cut.text == whole.text and "30 définitions" in cut.text
    markdown, table = (f.data.decode("utf-8-sig") for f in whole.files)
    rows = list(csv.reader(io.StringIO(table)))
    assert [row[0] for row in rows[1:4]] == ["*gras* 0", "*gras* 1", "*gras* 2"]
    assert rows[-1][0] == "Œuvre 2" and len(rows) == 31
    assert markdown.count("\n## ") == 30
