"""/suivi exporter reads the channel's items a chunk at a time: the same files whatever the
chunk."""

from __future__ import annotations

import csv
import io

from bot.features.followup import store
from bot.messages import Message


async def exported(chat) -> Message:  # type: ignore[no-untyped-def]
    private: list[Message] = []
    show = chat.screen.show_private

    def keep(message: Message) -> None:
        private.append(message)
        show(message)

    chat.screen.show_private = keep
    try:
        await chat.type("/suivi exporter")
    finally:
        chat.screen.show_private = show
    return next(m for m in reversed(private) if m.files)


async def test_an_export_read_in_small_chunks_is_the_same(chat, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/suivi", ":moi Bruno CDC des Collines", ":moi Chloé", "/suivi")
    await chat.type(":moi Alice", "/suivi action cdc des collines Imprimer *les* affiches")
    for n in range(20):
        await chat.type(f"/suivi action @Chloé Tâche {n:02d} pour le {n % 28 + 1} octobre")
        if n % 3 == 0:
            await chat.type(f"/suivi decision Décision {n}")
    await chat.type(":moi Coco", "/suivi fait 2")
    whole = await exported(chat)
    monkeypatch.setattr(store, "EXPORT_CHUNK", 3)
    cut = await exported(chat)
    assert [f.data for f in cut.files] == [f.data for f in whole.files]
    assert "27 éléments" in cut.text, cut.text
    markdown = whole.files[0].data.decode()
    decisions, actions = markdown.split("## Actions")
    assert (decisions.count("- n° "), actions.count("- n° ")) == (7, 20), markdown
    rows = list(csv.reader(io.StringIO(whole.files[1].data.decode("utf-8-sig"))))
    assert [int(row[0]) for row in rows[1:]] == list(range(1, 28))
