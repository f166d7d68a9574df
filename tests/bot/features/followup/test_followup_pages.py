"""A page of /suivi liste: the actions recorded here and those assigned here from another
channel, soonest due first, then those with no date, in one order across pages."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert

from adapters.console import ConsoleChat
from storage.models.followup import FollowupItem
from testkit.fixtures import START

WORKSPACE = "console:table"


def action(n: int, channel: str, days: int | None, **extra: object) -> dict:
    return {
        "workspace": WORKSPACE,
        "channel": channel,
        "kind": "action",
        "text": f"Tâche {n:02d}",
        "owner_id": "U1",
        "due_at": None if days is None else START + timedelta(days=days),
        "status": "ouverte",
        "recorded_by": "U1",
        "created_at": START,
        **extra,
    }


async def test_both_sides_of_the_channel_dated_then_undated_across_pages(
    chat: ConsoleChat,
) -> None:
    rows = [
        *(action(n, "general", (7 * n) % 11 + 1) for n in range(1, 9)),
        *(action(n, "general", None) for n in (9, 10, 11)),
        action(12, "budget", 5, assigned_channel="general"),
        action(13, "budget", 2, assigned_channel="general"),
        action(14, "budget", None, assigned_channel="general"),
        action(15, "budget", None, assigned_channel="general"),
        action(16, "general", 3, assigned_channel="budget"),  # recorded here: once
        action(17, "autre", 1),  # another channel's
        action(18, "general", 1, status="faite"),  # done
    ]
    async with chat.app.db.session() as session:
        await session.exec(insert(FollowupItem), params=rows)  # type: ignore[call-overload]
    shown = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if row["status"] == "ouverte" and "general" in (row["channel"], row.get("assigned_channel"))
    ]
    shown.sort(key=lambda pair: (pair[1]["due_at"] is None, pair[1]["due_at"] or START, pair[0]))
    expected = [row["text"] for _, row in shown]
    assert len(expected) == 16
    first = await chat.type(":moi Alice", "/suivi liste")
    second = await chat.type("/suivi liste 2")
    assert "Actions à faire : 16 éléments" in first and "(Page 1 sur 2)" in first
    assert "(Page 2 sur 2)" in second
    for page, texts in ((first, expected[:10]), (second, expected[10:])):
        places = [page.find(text) for text in texts]
        assert -1 not in places and places == sorted(places), (texts, page)
    assert not any(text in second for text in expected[:10])
    assert "Tâche 17" not in first + second and "Tâche 18" not in first + second
