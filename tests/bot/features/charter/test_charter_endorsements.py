"""/charte appuyer, objecter, the threshold and the coordination's adoption: the same
process as the shared vocabulary's definitions, for the versions of the charter."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot.app import Outarde
from bot.clock import ManualClock
from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from bot.messages import plain_text
from storage.db import Database
from storage.models.charter import CharterStance, CharterStep, CharterVersion
from storage.models.partners import Adhesion
from testkit.doubles import Answers, RecordingNotifier
from testkit.fixtures import START

TEXT = "Nous agissons ensemble pour le développement social du territoire."
NEW = "Nous agissons ensemble, dans le respect de la mission de chaque organisme."
REASON = "Il manque l'autonomie des organismes."

WORDS = {
    "fr": {
        "propose": "proposer",
        "amend": "amender",
        "endorse_cmd": "appuyer",
        "object_cmd": "objecter",
        "adopt": "adopter",
        "history": "historique",
        "adhere": "adhesion",
        "endorse": "👍 Appuyer",
        "object": "✋ M'objecter",
        "withdraw": "Retirer mon avis",
        "counts_1": "👍 Appuis : 1 (seuil : 3) · ✋ Objections : 0",
        "counts_blocked": "👍 Appuis : 3 (seuil : 3) · ✋ Objections : 1",
        "objection": f"✋ Chloé s'objecte : {REASON}",
        "endorsed": "Votre appui à la version 1 de la charte est noté.",
        "objected": "Votre objection à la version 1 de la charte est notée",
        "adopted": "La charte de la table est adoptée (version 1) : 3 appuis ou plus",
        "adopted_by": "La charte de la table est adoptée (version 2, par Coco, coordination).",
        "told": "⚠️ Coordination : la version 2 de la charte a atteint le seuil d'appuis",
        "how": "`/charte adopter 2`",
        "in_force_1": "Version 1, adoptée le",
        "steps": [
            "proposée par Bruno",
            "Alice appuie",
            f"Chloé s'objecte — {REASON}",
            "Chloé retire son objection",
            "adoptée, seuil d'appuis atteint sans objection",
        ],
        "replaced_step": "remplacée par une version adoptée par Coco (coordination)",
        "reached_step": "seuil d'appuis atteint sans objection; une charte est déjà en vigueur",
        "old_mark": "*CDC* 📜 v1",
    },
    "en": {
        "propose": "propose",
        "amend": "amend",
        "endorse_cmd": "endorse",
        "object_cmd": "object",
        "adopt": "adopt",
        "history": "history",
        "adhere": "adhere",
        "endorse": "👍 Endorse",
        "object": "✋ Object",
        "withdraw": "Withdraw my stance",
        "counts_1": "👍 Endorsements: 1 (threshold: 3) · ✋ Objections: 0",
        "counts_blocked": "👍 Endorsements: 3 (threshold: 3) · ✋ Objections: 1",
        "objection": f"✋ Objection from Chloé: {REASON}",
        "endorsed": "Your endorsement of version 1 of the charter is recorded.",
        "objected": "Your objection to version 1 of the charter is recorded",
        "adopted": "The table's charter is adopted (version 1): 3 endorsements or more",
        "adopted_by": "The table's charter is adopted (version 2, by Coco, coordinator).",
        "told": "⚠️ Coordinators: version 2 of the charter reached the endorsement threshold",
        "how": "`/charte adopt 2`",
        "in_force_1": "Version 1, adopted on",
        "steps": [
            "proposed by Bruno",
            "endorsed by Alice",
            f"objection from Chloé — {REASON}",
            "Chloé withdraws their objection",
            "adopted, endorsement threshold reached with no objection",
        ],
        "replaced_step": "replaced by a version adopted by Coco (coordinator)",
        "reached_step": "endorsement threshold reached with no objection; a charter is already",
        "old_mark": "*CDC* 📜 v1",
    },
}


async def rows(app, model):  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return list((await session.exec(select(model).order_by(model.id))).all())


async def states(app) -> list[tuple[int, str, str | None]]:  # type: ignore[no-untyped-def]
    versions = await rows(app, CharterVersion)
    return [(v.number, v.status, v.adopted_by) for v in sorted(versions, key=lambda v: v.number)]


def card_text(chat, number: int) -> str:  # type: ignore[no-untyped-def]
    """The version's card as it now stands in the channel (updated in place)."""
    [card] = [m for m in chat.posted.values() if m.key == f"charter.version:{number}"]
    return plain_text(card)


async def click(chat, person: str, label: str, *answers: str) -> str:  # type: ignore[no-untyped-def]
    """``person`` presses the latest button labelled ``label`` (answering its form)."""
    await chat.type(f":moi {person}")
    return await chat.type(f":clic {chat.last_buttons(label)[-1]}", *answers)


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_the_threshold_adopts_an_unopposed_version(chat, app, language: str) -> None:  # type: ignore[no-untyped-def]
    w = WORDS[language]
    await chat.type(":moi Coco", f"/outarde config langue {language}")
    out = await chat.type(":moi Bruno", f"/charte {w['propose']} {TEXT}")
    assert w["counts_1"] in out and w["endorse"] in out  # the author endorses their version
    assert w["endorsed"] in await click(chat, "Alice", w["endorse"])
    out = await click(chat, "Chloé", w["object"], REASON)
    assert w["objected"] in out
    out = await click(chat, "Dan", w["endorse"])  # 3 endorsements, but an objection
    assert await states(app) == [(1, "proposee", None)]
    posted = card_text(chat, 1)
    assert w["counts_blocked"] in posted and w["objection"] in posted
    shown = await chat.type("/charte")  # the proposal, its counts and buttons, in private
    assert w["counts_blocked"] in shown and w["objection"] in shown and w["withdraw"] in shown
    out = await click(chat, "Chloé", w["withdraw"])  # the objection lifted: adopted
    assert w["adopted"] in out
    assert await states(app) == [(1, "adoptee", None)]
    assert w["endorse"] not in card_text(chat, 1)  # no more buttons
    assert w["in_force_1"] in await chat.type("/charte")
    out = await chat.type(f"/charte {w['history']}")
    positions = [out.index(step) for step in w["steps"]]
    assert positions == sorted(positions)
    kinds = [step.kind for step in await rows(app, CharterStep)]
    assert kinds == ["proposee", "appui", "appui", "objection", "appui", "retrait", "adoptee"]


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_an_adopted_charter_is_replaced_only_by_the_coordination(
    chat, app, language: str
) -> None:  # type: ignore[no-untyped-def]
    w = WORDS[language]
    await chat.type(":moi Coco", f"/outarde config langue {language}", ":moi Alice CDC / a")
    await chat.type(":moi Coco", f"/charte {w['propose']} {TEXT}", f"/charte {w['adopt']} 1")
    await chat.type(f"/partenaire {w['adhere']} CDC")
    await chat.type(":moi Bruno", f"/charte {w['amend']} {NEW}")
    await chat.type(":moi Alice", f"/charte {w['endorse_cmd']} 2")
    out = await chat.type(":moi Chloé", f"/charte {w['endorse_cmd']} #2")  # 3: reached
    assert w["told"] in out and w["how"] in out
    assert await states(app) == [(1, "adoptee", "coco"), (2, "proposee", None)]
    out = await chat.type(":moi Dan", f"/charte {w['endorse_cmd']}")  # told once only
    assert w["told"] not in out
    assert await states(app) == [(1, "adoptee", "coco"), (2, "proposee", None)]
    out = await chat.type(":moi Coco", f"/charte {w['adopt']} 2")
    assert w["adopted_by"] in out
    assert await states(app) == [(1, "remplacee", "coco"), (2, "adoptee", "coco")]
    adhesions = await rows(app, Adhesion)
    assert [(a.organisation, a.charter_number) for a in adhesions] == [("CDC", 1)]
    assert w["old_mark"] in await chat.type("/partenaire liste")
    out = await chat.type(f"/charte {w['history']}")
    assert w["replaced_step"] in out and w["reached_step"] in out


async def test_the_threshold_setting(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/outarde config seuil_charte 0")
    assert "⚠️" in out
    await chat.type("/outarde config seuil_charte 2")
    out = await chat.type(":moi Bruno", f"/charte proposer {TEXT}")
    assert "(seuil : 2)" in out
    out = await chat.type(":moi Alice", "/charte appuyer 1")
    assert "adoptée (version 1) : 2 appuis ou plus" in out
    await chat.type(":moi Coco", "/outarde config seuil_charte 1")
    out = await chat.type(f"/charte amender {NEW}")  # the author's own endorsement reaches 1
    assert "la table a déjà une charte en vigueur (version 1)" in out
    assert await states(app) == [(1, "adoptee", None), (2, "proposee", None)]


async def test_the_threshold_setting_in_english(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    out = await chat.type("/outarde config charter_threshold 2")
    assert "⚠️" not in out
    out = await chat.type(":moi Bruno", f"/charte propose {TEXT}", ":moi Alice", "/charte endorse")
    assert "(threshold: 2)" in out
    assert "The table's charter is adopted (version 1): 2 endorsements or more" in out
    assert await states(app) == [(1, "adoptee", None)]
    out = await chat.type("/charte endorse 1")
    assert "Version 1 of the charter is no longer under discussion (it is in force)" in out


async def test_the_coordination_adopts_over_objections(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/charte", ":moi Bruno", f"/charte proposer {TEXT}")
    await chat.type(":moi Chloé", f"/charte objecter 1 {REASON}")
    out = await click(chat, "Bruno", "Adopter (coordination)")
    assert "Seule la coordination" in out
    out = await click(chat, "Coco", "Adopter (coordination)")
    assert "adoptée (version 1, par Coco, coordination)" in out
    out = await chat.type("/charte adopter 1")
    assert "déjà la charte en vigueur" in out


async def test_bad_stances_store_nothing(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/charte appuyer", "/charte objecter 1")
    assert out.count("Aucune proposition de charte n'est en discussion") == 1
    assert "Je ne trouve pas la version 1 de la charte ici" in out
    await chat.type(":moi Bruno", f"/charte proposer {TEXT}")
    out = await chat.type(
        ":moi Alice",
        "/charte appuyer deux",
        "/charte appuyer 1 2",
        "/charte appuyer 9",
        "/charte objecter 1 @everyone lisez ceci",
        "/charte objecter 1 " + "x" * 501,
        "/charte adopter 1",
    )
    assert out.count("⚠️") == 6
    assert "Je ne trouve pas la version 9" in out and "mentions de masse" in out
    assert "trop longue (501 caractères)" in out and "Seule la coordination" in out
    assert len(await rows(app, CharterStance)) == 1  # Bruno's own endorsement
    out = await click(chat, "Alice", "Retirer mon avis")
    assert "rien à retirer" in out
    await chat.type(f"/charte amender {NEW}")
    out = await chat.type("/charte appuyer 1")  # amended: no longer under discussion
    assert "n'est plus en discussion (elle est remplacée par une version amendée)" in out
    assert [s.kind for s in await rows(app, CharterStance)] == ["appui", "appui"]


async def test_crafted_button_values_are_refused(app: Outarde, db: Database) -> None:
    here, there = Place("console", "t1", "general"), Place("console", "t2", "general")
    alice, bruno = Actor("alice", "Alice"), Actor("bruno", "Bruno")
    answers = Answers()
    await app.command(Invocation(there, bruno), "charte", f"proposer {TEXT}", answers)
    await app.command(Invocation(here, alice), "charte", "", Answers())  # t1: a coordinator
    for action in ("charter.endorse", "charter.object", "charter.unstance", "charter.adopt"):
        for value in ("abc", "", "1; DROP TABLE", "-1", "99999999999999"):
            answers = Answers()
            await app.action(Invocation(here, alice), action, value, answers)
            assert "n'est pas valide" in answers.text, (action, value)
        answers = Answers()
        await app.action(Invocation(here, alice), action, "1", answers)  # t2's version
        assert "Je ne trouve pas la version 1 de la charte ici" in answers.text, action
    answers = Answers()
    await app.submit(Invocation(here, alice), "charter.object", {"raison": "non"}, "1", answers)
    assert "Je ne trouve pas la version 1" in answers.text
    async with db.session() as session:
        stances = (await session.exec(select(CharterStance))).all()
    assert [(s.workspace, s.user_id) for s in stances] == [("console:t2", "bruno")]


async def endorse_all(app: Outarde, place: Place, people: range) -> list[Answers]:
    surfaces = [Answers() for _ in people]
    await asyncio.gather(
        *(
            app.action(Invocation(place, Actor(f"p{i}", f"P {i}")), "charter.endorse", "1", s)
            for i, s in zip(people, surfaces, strict=True)
        )
    )
    return surfaces


async def test_simultaneous_endorsements_count_exactly_and_adopt_once(any_db: Database) -> None:
    app = build_core(any_db, RecordingNotifier(), clock=ManualClock(START))
    place, alice = Place("console", "t1", "general"), Actor("alice", "Alice", is_admin=True)
    await app.command(Invocation(place, alice), "outarde", "config seuil_charte 52", Answers())
    await app.command(Invocation(place, alice), "charte", f"proposer {TEXT}", Answers())
    surfaces = await endorse_all(app, place, range(50))
    assert [s.text for s in surfaces if "⚠️" in s.text] == []

    async def counted() -> tuple[int, str, int]:
        async with any_db.session() as session:
            count = (await session.exec(select(func.count()).select_from(CharterStance))).one()
            version = (await session.exec(select(CharterVersion))).one()
            adopted = select(func.count()).where(CharterStep.kind == "adoptee")
            return count, version.status, (await session.exec(adopted)).one()

    assert await counted() == (51, "proposee", 0)  # the author and the fifty, each once
    surfaces = await endorse_all(app, place, range(50, 60))  # the 52nd adopts; then closed
    assert await counted() == (52, "adoptee", 1)
    said = [plain_text(m) for s in surfaces for m in s.sent]
    assert sum("charte de la table est adoptée" in text for text in said) == 1
    assert sum("n'est plus en discussion (elle est en vigueur)" in text for text in said) == 9


async def test_a_long_history_stays_within_platform_limits(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config seuil_charte 100", f"/charte proposer {TEXT}")
    for number in range(2, 43):
        await chat.type(f"/charte amender {TEXT} Version {number}.")
    for person in ("Alice", "Bruno", "Chloé", "Dan", "Ève", "Félix", "Gaby"):
        await chat.type(f":moi {person}", "/charte objecter 42 Non.", "/charte appuyer 42")
    out = await chat.type("/charte historique")
    assert "*Version 42* — en discussion" in out and "*Version 3* — " in out
    assert "*Version 2* — " not in out and "… et 2 versions plus anciennes." in out
    assert "… et 4 autres étapes" in out  # 2 + 14 steps for version 42, 12 shown
    assert out.count("— ") and out.count("*Version ") == 40  # a header, 40 sections, a footer
