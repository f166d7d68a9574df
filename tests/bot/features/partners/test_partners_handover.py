"""/partenaire passation: the successor takes the organisation, the mandate, the open actions
and the trio history; the channel is told; the history is kept. An organisation left without
anyone for 60 days is named to the coordination. /partenaire adhesion: the adopted charter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from storage.models import Member
from storage.models.followup import FollowupItem
from storage.models.meetings import TrioSeat
from storage.models.partners import PartnerEvent

WORDS = {
    "fr": {
        "handover": "passation",
        "done": "Passation à *CDC* : Bruno prend la relève de Alice",
        "mandate": "Le mandat de décider au nom de l'organisme passe à Bruno.",
        "action": "1 action ouverte lui est confiée.",
        "trio": "1 rôle du trio d'animation",
        "refused": "Seule la coordination",
        "adhere": "adhesion",
        "adhered": "*CDC* adhère à la charte de la table (version 1)",
        "no_charter": "pas encore adopté de charte",
        "vacancy": "*CLD* n'a personne ici pour le représenter depuis le",
    },
    "en": {
        "handover": "handover",
        "done": "Handover at *CDC*: Bruno takes over from Alice",
        "mandate": "The mandate to decide for the organisation goes to Bruno.",
        "action": "1 open action is now theirs.",
        "trio": "1 trio role",
        "refused": "Only the table's coordinators",
        "adhere": "adhere",
        "adhered": "*CDC* adheres to the table's charter (version 1)",
        "no_charter": "has not adopted a charter yet",
        "vacancy": "nobody here has represented *CLD* since",
    },
}


async def seed(app, alice: Member) -> None:  # type: ignore[no-untyped-def]
    """An open action and a past trio role held by Alice."""
    async with app.db.session() as session:
        session.add(
            FollowupItem(
                workspace=alice.workspace,
                channel="x",
                kind="action",
                text="Déposer la demande",
                owner_id=alice.user_id,
                status="ouverte",
                recorded_by="coco",
                created_at=datetime(2026, 11, 1, tzinfo=UTC),
            )
        )
        session.add(
            TrioSeat(
                workspace=alice.workspace,
                meeting_id=1,
                role="animation",
                user_id=alice.user_id,
                status="accepted",
            )
        )
        await session.commit()


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_a_successor_takes_over(chat, app, language: str) -> None:  # type: ignore[no-untyped-def]
    w = WORDS[language]
    await chat.type(
        ":moi Coco", f"/outarde config langue {language}", ":moi Alice CDC", ":moi Bruno"
    )
    await chat.type("/outarde aide")  # Bruno speaks once: he is known
    async with app.db.session() as session:
        alice = (await session.exec(select(Member).where(Member.display_name == "Alice"))).one()
        alice.mandated = True
        session.add(alice)
        await session.commit()
        await session.refresh(alice)
    await seed(app, alice)
    out = await chat.type(f"/partenaire {w['handover']} @Alice @Bruno")
    assert w["refused"] in out  # Bruno is neither Alice nor the coordination
    out = await chat.type(":moi Alice", f"/partenaire {w['handover']} @Alice @Bruno")
    assert w["done"] in out and w["mandate"] in out, out
    assert w["action"] in out and w["trio"] in out
    async with app.db.session() as session:
        people = {m.display_name: m for m in (await session.exec(select(Member))).all()}
        assert (people["Bruno"].organisation, people["Bruno"].mandated) == ("CDC", True)
        assert (people["Alice"].organisation, people["Alice"].mandated) == (None, False)
        item = (await session.exec(select(FollowupItem))).one()
        seat = (await session.exec(select(TrioSeat))).one()
        assert item.owner_id == seat.user_id == people["Bruno"].user_id
        event = (await session.exec(select(PartnerEvent))).one()
        assert (event.kind, event.organisation, event.from_user, event.to_user) == (
            "passation",
            "CDC",
            people["Alice"].user_id,
            people["Bruno"].user_id,
        )


async def test_handover_refusals(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/partenaire", ":moi Alice CDC", ":moi Bruno CLD", ":moi Coco")
    assert "Nommez la personne qui part" in await chat.type("/partenaire passation @Alice")
    assert "se succéder à soi-même" in await chat.type("/partenaire passation @Alice @Alice")
    out = await chat.type("/partenaire passation @Alice @Bruno")
    assert "Bruno représente déjà *CLD*" in out
    assert "Je ne connais pas encore" in await chat.type("/partenaire passation @Alice @Zoé")


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_the_coordination_is_told_after_60_days_without_anyone(chat, language: str) -> None:  # type: ignore[no-untyped-def]
    w = WORDS[language]
    await chat.type(":moi Coco", f"/outarde config langue {language}", ":moi Alice CLD / économie")
    await chat.type(":moi Alice CDC")  # CLD was only typed by Alice: it leaves the map
    await chat.type(":moi Coco", "/partenaire ajouter CLD / économie")  # listed, nobody
    out = await chat.type(":avance 59j")
    assert w["vacancy"] not in out
    out = await chat.type(":avance 2j")
    assert w["vacancy"] in out, out
    out = await chat.type(":avance 70j")
    assert w["vacancy"] not in out  # told once


async def test_no_notice_when_someone_comes_back(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/partenaire ajouter CLD / économie")
    await chat.type(":avance 30j", ":moi Bruno CLD")
    assert "n'a personne ici" not in await chat.type(":avance 40j")
    await chat.type(":moi Bruno CDC")  # CLD is left again: a new 60 days begin
    assert "n'a personne ici" not in await chat.type(":avance 59j")
    assert "*CLD* n'a personne ici" in await chat.type(":avance 2j")


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_adhesion_to_the_adopted_charter(chat, language: str) -> None:  # type: ignore[no-untyped-def]
    w = WORDS[language]
    await chat.type(":moi Coco", f"/outarde config langue {language}", ":moi Alice CDC / a")
    assert w["no_charter"] in await chat.type(f"/partenaire {w['adhere']}")
    await chat.type(":moi Coco", "/charte proposer Nous agissons ensemble.", "/charte adopter")
    out = await chat.type(":moi Alice", f"/partenaire {w['adhere']}")
    assert "mandat" in out.lower()  # Alice is not mandated
    out = await chat.type(":moi Coco", f"/partenaire {w['adhere']} CDC")
    assert w["adhered"] in out
    out = await chat.type("/partenaire liste")
    assert "*CDC* 📜 — Alice" in out
    await chat.type("/charte amender Nous agissons ensemble, ouvertement.", "/charte adopter")
    assert "*CDC* 📜 v1 — Alice" in await chat.type("/partenaire liste")
