"""Console mentions: « @Alice » reaches the features as that person; references the core
writes are shown by name."""

from __future__ import annotations

from sqlmodel import select

from adapters.console.render import render_message
from bot import refs
from bot.messages import Message, Section
from storage.models.followup import FollowupItem
from storage.models.highlights import Highlight
from storage.models.meetings import TrioSeat


async def rows(app, model) -> list:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return list((await session.exec(select(model))).all())


def test_references_are_shown_by_name() -> None:
    alice = refs.person("alice", "Alice")
    shown = render_message(
        Message(blocks=[Section(f"Merci {alice}, voir {refs.channel('c1', 'table')}")]),
        lambda _b: 1,
    )
    assert "Merci @Alice, voir #table" in shown and "\ue000" not in shown


async def test_a_console_mention_reaches_the_features_as_that_person(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco CDC", ":moi Marc CLD", ":moi Bea CISSS", ":moi Coco")
    out = await chat.type(
        "/faitsaillant Merci @Marc pour l'info #emploi",
        "/suivi action @Bea Envoyer le bilan",
        "/rencontre planifier jeudi 13 h 30 | Salle | Automne",
    )
    await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    out += await chat.type("/rencontre trio #1 @Marc @Bea @Coco")

    [highlight] = await rows(app, Highlight)
    assert highlight.text == "Merci @Marc pour l'info #emploi"
    [item] = await rows(app, FollowupItem)
    assert (item.owner_id, item.text) == ("bea", "Envoyer le bilan")
    seats = {seat.role: seat.user_id for seat in await rows(app, TrioSeat)}
    assert seats == {"animation": "marc", "synthese": "bea", "observation": "coco"}
    assert "notée pour Bea" in out and "Animation : Marc (CLD)" in out
    assert "\ue000" not in out
