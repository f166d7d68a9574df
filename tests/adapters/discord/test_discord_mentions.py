"""Discord mentions: read into neutral references before the core sees them, rendered back as
Discord's own syntax in what the core posts (pinging nobody)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from adapters.discord.commands import discord_name
from adapters.discord.mentions import typed_text
from adapters.discord.render import render
from bot import refs
from bot.app import Outarde
from bot.i18n import t
from bot.messages import Actions, Button, Header, Message, Section
from bot.text import harmless
from storage.models.followup import FollowupItem
from storage.models.highlights import Highlight
from storage.models.meetings import TrioSeat
from testkit.discord_harness import Harness, Request

ALICE = "800000000000000001"  # the harness's default person, who founds the workspace
BRUNO = {"user_id": "800000000000000002", "name": "Bruno"}
CLARA = {"user_id": "800000000000000003", "name": "Clara"}


@pytest.fixture
async def bot(app: Outarde) -> Harness:
    return await Harness(app).start()


async def rows(app, model) -> list:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return list((await session.exec(select(model))).all())


def button(requests: list[Request], prefix: str) -> tuple[Request, str]:
    for request in requests:
        for identifier in request.custom_ids():
            if identifier.startswith(prefix):
                return request, identifier
    raise AssertionError(f"no component {prefix}")


def test_discord_mentions_become_references() -> None:
    typed = typed_text(f"merci <@{BRUNO['user_id']}> et <@!42>, voir <#7> avec <@&9>")
    assert refs.person_ids(typed) == [BRUNO["user_id"], "42"]
    assert harmless(typed) == f"merci @{BRUNO['user_id']} et @42, voir #7 avec @rôle"
    forged = typed_text("\ue000@42\ue002")
    assert forged == "@42" and not refs.has_refs(forged)


def test_references_are_discord_mentions_in_text_and_names_in_labels() -> None:
    bruno = refs.person(BRUNO["user_id"], "Bruno")
    message = Message(
        blocks=[
            Header(f"Pour {bruno}"),
            Section(f"{bruno}, voir {refs.channel('7', 'table')}"),
            Actions((Button(f"Aider {bruno}", "x.help", "1"),)),
        ]
    )
    [part] = render(message)
    embed = part.embeds[0]
    assert embed.title == "Pour @Bruno"
    assert embed.description == f"<@{BRUNO['user_id']}>, voir <#7>"
    assert part.rows[0][0].label == "Aider @Bruno"
    [plain] = render(Message(blocks=[], text=f"Merci {bruno}"))
    assert plain.content == f"Merci <@{BRUNO['user_id']}>"


async def test_a_discord_mention_reaches_the_features_as_that_person(bot: Harness, app) -> None:
    await bot.command("partenaire", "moi", "CDC des Collines")
    await bot.command("partenaire", "moi", "Maison des jeunes", **BRUNO)
    await bot.command("partenaire", "moi", "CISSS", **CLARA)
    bruno = f"<@{BRUNO['user_id']}>"

    default = t("fr", "discord.default_name")
    await bot.command("faitsaillant", default, f"Merci {bruno} pour l'info #emploi")
    clara = f"<@{CLARA['user_id']}>"
    answer = await bot.command("suivi", discord_name("action"), f"{bruno} Envoyer à {clara}")
    sent = await bot.command("rencontre", "planifier", "jeudi 13 h 30 | Salle | Automne")
    await bot.click(*button(sent, "o:meetings.confirm"))
    trio = f"#1 {clara} <@{ALICE}> {bruno}"
    shown = await bot.command("rencontre", "trio", trio)

    [highlight] = await rows(app, Highlight)
    assert highlight.text == "Merci @Bruno pour l'info #emploi"  # named, not pinged
    [item] = await rows(app, FollowupItem)
    assert (item.owner_id, item.text) == (BRUNO["user_id"], "Envoyer à @Clara")  # a name, no id
    said = "\n".join(r.text() for r in answer)
    assert "notée pour Bruno" in said and "Responsable Bruno" in said
    seats = {seat.role: seat.user_id for seat in await rows(app, TrioSeat)}
    assert seats == {
        "animation": CLARA["user_id"],
        "synthese": ALICE,
        "observation": BRUNO["user_id"],
    }
    text = "\n".join(r.text() for r in shown)
    assert "Animation : Clara" in text and "\ue000" not in text
