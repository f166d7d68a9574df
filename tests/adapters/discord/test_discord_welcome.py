"""Discord: a newcomer's first command brings the private welcome as a follow-up of the
interaction, with no member-join event (the client asks for the guilds intent only)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import Outarde
from testkit.discord_harness import Harness

DANA = {"user_id": "800000000000000004", "name": "Dana"}


@pytest.fixture
async def bot(app: Outarde) -> Harness:
    return await Harness(app).start()


async def test_a_newcomer_is_welcomed_privately_at_their_first_command(bot: Harness, clock) -> None:  # type: ignore[no-untyped-def]
    await bot.command("partenaire", "liste")  # the table is founded
    clock.advance(timedelta(days=8))
    sent = await bot.command("partenaire", "liste", **DANA)
    welcome = [r for r in sent if "Bienvenue à la table, Dana!" in r.text()]
    assert len(welcome) == 1 and welcome[0].ephemeral
    again = await bot.command("partenaire", "liste", **DANA)
    assert not any("Bienvenue" in r.text() for r in again)
