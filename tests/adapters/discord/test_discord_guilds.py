"""One Discord client, two guilds: each guild's data, settings and scheduled work stay its own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.context import Place
from bot.ctx import Ctx
from bot.messages import Message, text_message
from bot.router import Feature, Router
from storage.models import Job
from testkit.discord_harness import CHANNEL_ID, GUILD_ID, Harness, Request
from testkit.fixtures import router_with

OTHER_GUILD, OTHER_CHANNEL = 910000000000000002, 910000000000000003
BRUNO = {"user_id": "800000000000000002", "name": "Bruno"}
LAVAL = {"guild_id": GUILD_ID, "channel_id": CHANNEL_ID}
GASPE = {"guild_id": OTHER_GUILD, "channel_id": OTHER_CHANNEL}
TEST_JOBS = Feature("tests_guilds")


@pytest.fixture
def router() -> Router:
    return router_with(TEST_JOBS)


@TEST_JOBS.job("tests.guild_reminder")
async def reminder(ctx: Ctx, job: Job) -> Message:
    return text_message(f"[{job.key}] {ctx.workspace} {ctx.language}", ephemeral=False)


@pytest.fixture
async def bot(app) -> Harness:  # type: ignore[no-untyped-def]
    return await Harness(app).start()


def said(requests: list[Request]) -> str:
    return "\n".join(r.text() for r in requests)


async def test_each_guild_sees_its_own_highlights_and_people(bot: Harness) -> None:
    await bot.command("partenaire", "moi", "CDC de Laval", **LAVAL)
    await bot.command("faitsaillant", "voir", "Halte-garderie ouverte #famille", **LAVAL)
    await bot.command("partenaire", "moi", "CLE de Gaspé", user_id="800000000000000009",
                      name="Zoé", **GASPE)  # fmt: skip
    listed = said(await bot.command("faitsaillant", "liste", None, **GASPE))
    assert "Halte-garderie" not in listed
    cards = said(await bot.command("partenaire", "liste", None, **GASPE))
    assert "CLE de Gaspé" in cards and "CDC de Laval" not in cards
    mine = said(await bot.command("faitsaillant", "liste", None, **LAVAL))
    assert "Halte-garderie" in mine


async def test_a_setting_of_one_guild_leaves_the_other_alone(bot: Harness) -> None:
    await bot.command("outarde", "config", None, **LAVAL)  # Alice founds Laval: coordinator
    await bot.command("outarde", "config", "langue en", admin=True, **BRUNO, **GASPE)
    english = said(await bot.command("outarde", "config", None, **GASPE))
    french = said(await bot.command("outarde", "config", None, **LAVAL))
    assert "(`langue`) : **anglais**" in english and "(`langue`) : **français**" in french
    # Laval's coordinator is no coordinator of Gaspé
    refused = said(await bot.command("outarde", "config", "langue fr", **GASPE))
    assert "coordination" in refused.lower()
    assert "**anglais**" in said(await bot.command("outarde", "config", None, **GASPE))


async def test_scheduled_work_runs_in_its_own_guild_channel_and_language(bot: Harness) -> None:
    await bot.command("outarde", "config", "langue en", admin=True, **GASPE)
    app = bot.app
    for guild, key in ((GUILD_ID, "laval"), (OTHER_GUILD, "gaspe")):
        place = Place("discord", str(guild), str(LAVAL["channel_id"] if guild == GUILD_ID
                                                 else OTHER_CHANNEL))  # fmt: skip
        async with app.db.session() as session:
            ctx = await app.workspaces.context(session, place, None)
            await ctx.schedule("tests.guild_reminder", key, app.clock.now() + timedelta(hours=1))
    app.clock.advance(timedelta(hours=2))
    start = len(bot.recorder.requests)
    assert await app.run_due() == 2
    posts = [r for r in bot.recorder.since(start) if r.method == "POST"]
    by_channel = {r.url.split("/channels/")[1].split("/")[0]: r.text() for r in posts}
    assert by_channel == {
        str(CHANNEL_ID): f"[laval] discord:{GUILD_ID} fr",
        str(OTHER_CHANNEL): f"[gaspe] discord:{OTHER_GUILD} en",
    }
