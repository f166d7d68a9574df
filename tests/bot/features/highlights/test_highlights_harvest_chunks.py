"""A long récolte is read a chunk at a time: the same message and files whatever the chunk."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from bot.features.highlights import store_harvest
from bot.messages import Message
from storage import queries

START = datetime(2026, 10, 6, 18, 0, tzinfo=UTC)
THEMES = ("#emploi", "#Emploi #logement", "#santé", "", "#logement *gras* [x](y)")


async def seed(chat, clock) -> None:  # type: ignore[no-untyped-def]
    """45 highlights by three people over five themes (some untagged), two at the same
    instant each time, a few marked « Utile »."""
    await chat.type(":moi Coco", "/outarde aide")
    people = (":moi Alice CDC des Collines", ":moi Bruno CLD", ":moi Chloé")
    for n in range(45):
        clock.set(START - timedelta(days=20, hours=-(n // 2)))
        await chat.type(people[n % 3], f"/faitsaillant Nouvelle {n:02d} _ligne_ {THEMES[n % 5]}")
    clock.set(START)
    buttons = chat.last_buttons("👍 Utile")
    await chat.type(":moi Coco", *(f":clic {b}" for b in buttons[::4]))
    await chat.type(":moi Dédé", *(f":clic {b}" for b in buttons[::7]))


async def harvest(chat, text: str) -> Message:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", f"/faitsaillant {text}")
    return list(chat.posted.values())[-1]


def outcome(message: Message) -> tuple[str, list[bytes]]:
    return repr(message.blocks) + message.text, [file.data for file in message.files]


async def test_a_harvest_read_in_small_chunks_is_the_same(chat, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    whole = [outcome(await harvest(chat, text)) for text in ("recolte", "recolte tri utile")]
    monkeypatch.setattr(store_harvest, "ROWS_PER_READ", 2)
    monkeypatch.setattr(queries, "IN_LIST", 3)  # the themes of the first lines, too
    cut = [outcome(await harvest(chat, text)) for text in ("recolte", "recolte tri utile")]
    assert cut == whole
    (_, [markdown, table]), (_, [by_useful, _]) = whole
    assert markdown != by_useful  # the order changed with « tri utile »
    rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig"))))
    assert len(rows) == 1 + 45 + 9  # 9 highlights in two themes
    assert markdown.decode().count("- **") == 45 + 9


async def test_a_harvest_reads_the_same_number_of_queries_for_twice_the_rows(
    chat, clock, db
) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    statements: list[str] = []

    def counted(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    async def queries() -> int:
        statements.clear()
        await harvest(chat, "recolte depuis 60 jours")
        return len(statements)

    event.listen(db.engine.sync_engine, "before_cursor_execute", counted)
    try:
        await harvest(chat, "recolte depuis 60 jours")  # settings and names read once
        before = await queries()
        await seed(chat, clock)  # 45 more highlights, same themes
        after = await queries()
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", counted)
    assert 4 <= before == after
    assert not any(statement.count("?") + statement.count("$") > 200 for statement in statements)
