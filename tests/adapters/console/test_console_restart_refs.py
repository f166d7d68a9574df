"""After a restart on the same database, new console messages get references of their own."""

from __future__ import annotations

import io

from sqlmodel import select

from adapters.console import ConsoleScreen, run_console
from bot.compose import build_core
from storage.models import PostedMessage


async def run(db, clock, *lines: str) -> str:  # type: ignore[no-untyped-def]
    """One console process: a new core and screen on the same database."""
    screen = ConsoleScreen(out=io.StringIO())
    app = build_core(db, screen, clock=clock, founder_is_coordinator=True)
    await run_console(app, screen, io.StringIO("".join(f"{line}\n" for line in lines)))
    return "\n".join(screen.transcript)


async def test_references_stay_unique_across_runs(db, clock) -> None:  # type: ignore[no-untyped-def]
    proposal = "/vocab proposer concertation : agir ensemble"
    first = await run(db, clock, ":moi Alice", proposal, ":moi Dan", ":clic 1")
    assert "mise à jour du message m1" in first  # a fresh database numbers from m1
    proposal = "/vocab proposer mobilisation : se mettre en action"
    second = await run(db, clock, ":moi Bruno", proposal, ":moi Chloé", ":clic 1")
    assert "mise à jour du message m2" in second and "message m1" not in second
    async with db.session() as session:
        refs = (await session.exec(select(PostedMessage.ref))).all()
    assert sorted(refs) == ["m1", "m2"]
