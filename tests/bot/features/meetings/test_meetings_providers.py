"""What /rencontre tells other features: a meeting's title (in its channel only) and who
held a trio role."""

from __future__ import annotations

from adapters.console import ConsoleChat
from bot import hooks
from bot.context import Place
from tests.bot.features.meetings.test_meetings import plan


async def ask(chat: ConsoleChat, place: Place, hook, *args):  # type: ignore[no-untyped-def]
    async with chat.app.db.session() as session:
        ctx = await chat.app.workspaces.context(session, place, None)
        return await ctx.hook(hook, *args)


async def test_the_title_of_a_meeting_of_this_channel(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco")
    await plan(chat)
    here = chat.place
    assert await ask(chat, here, hooks.MEETING_TITLE, 1) == ["Rencontre d'automne"]
    assert await ask(chat, here, hooks.MEETING_TITLE, 2) == []
    elsewhere = Place(here.platform, here.workspace, "autre")
    assert await ask(chat, elsewhere, hooks.MEETING_TITLE, 1) == []
    other_table = Place(here.platform, "autre-table", here.channel)
    assert await ask(chat, other_table, hooks.MEETING_TITLE, 1) == []


async def test_who_held_each_trio_role(chat: ConsoleChat) -> None:
    await chat.type(":moi Coco CDC", ":moi Alice CLD", ":moi Bruno CISSS", ":moi Coco")
    await plan(chat)
    here = chat.place
    assert await ask(chat, here, hooks.MEETING_ROLE_HOLDER, 1, "synthese") == []  # no trio yet
    await chat.type("/rencontre trio #1 @Coco @Bruno @Alice")
    assert await ask(chat, here, hooks.MEETING_ROLE_HOLDER, 1, "animation") == ["coco"]
    assert await ask(chat, here, hooks.MEETING_ROLE_HOLDER, 1, "synthese") == ["bruno"]
    assert await ask(chat, here, hooks.MEETING_ROLE_HOLDER, 1, "observation") == ["alice"]
    assert await ask(chat, here, hooks.MEETING_ROLE_HOLDER, 1, "autre") == []
    other_table = Place(here.platform, "autre-table", here.channel)
    assert await ask(chat, other_table, hooks.MEETING_ROLE_HOLDER, 1, "synthese") == []
