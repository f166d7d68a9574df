"""/rencontre: RSVP counts in place, quorum, the agenda's rights and order, the trio rotation."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from storage.models import Member
from storage.models.meetings import AgendaItem, Rsvp, TrioSeat
from tests.bot.features.meetings.test_meetings import START, advance_to, plan


async def click(chat, label: str, person: str | None = None) -> str:  # type: ignore[no-untyped-def]
    lines = [f":moi {person}"] if person else []
    lines.append(f":clic {chat.last_buttons(label)[-1]}")
    return await chat.type(*lines)


# -- RSVP ---------------------------------------------------------------------------------
async def test_rsvp_counts_are_updated_in_place(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config quorum 3")
    await plan(chat)
    out = await click(chat, "Présent·e", "Alice")
    [card] = [ref for ref, m in chat.posted.items() if m.key == "meetings.meeting:1"]
    assert f"(mise à jour du message {card})" in out
    assert "✅ Présent·es : 1 · ❌ Absent·es : 0 · 🔁 Représenté·es : 0" in out
    assert "Quorum : 1 sur 3 — il manque 2" in out
    out = await click(chat, "Absent·e", "Bruno")
    assert "✅ Présent·es : 1 · ❌ Absent·es : 1" in out
    await chat.type(":moi Chloé")
    out = await chat.type(f":clic {chat.last_buttons('Représenté·e')[-1]}", "Marie Roy (CDC)")
    assert "Marie Roy (CDC) vous représentera" in out
    assert "✅ Présent·es : 1 · ❌ Absent·es : 1 · 🔁 Représenté·es : 1" in out
    out = await click(chat, "Présent·e", "Bruno")  # changing one's answer: still one answer
    assert "✅ Présent·es : 2 · ❌ Absent·es : 0 · 🔁 Représenté·es : 1" in out
    assert "Quorum atteint : 3 présences ou délégations (quorum : 3)." in out
    assert out.count(f"mise à jour du message {card}") == 1
    async with app.db.session() as session:
        rows = (await session.exec(select(Rsvp))).all()
    assert sorted((r.user_id, r.answer) for r in rows) == [
        ("alice", "present"),
        ("bruno", "present"),
        ("chloe", "delegated"),
    ]


async def test_no_quorum_line_without_a_quorum(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    out = await plan(chat)
    assert "Quorum" not in out


async def test_rsvp_on_a_cancelled_or_past_meeting_is_refused(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await plan(chat, "/rencontre planifier 3 novembre 9 h | Zoom | Bilan")
    present_first = chat.last_buttons("Présent·e")[0]
    await chat.type("/rencontre annuler #2")
    await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    out = await click(chat, "Présent·e", "Alice")
    assert "La rencontre n° 2 est annulée" in out
    await advance_to(chat, clock, START + timedelta(minutes=1))
    out = await chat.type(f":clic {present_first}")
    assert "La rencontre n° 1 a déjà commencé" in out
    async with app.db.session() as session:
        assert (await session.exec(select(Rsvp))).all() == []


async def test_delegation_needs_a_name(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type(":moi Alice")
    errors = await app.submit(chat.invocation(), "meetings.delegate", {"delegue": " "}, "1", chat)
    assert errors == {"delegue": "Ce champ est obligatoire : écrivez une réponse."}
    out = "\n".join(chat.transcript[-1:])
    await app.submit(chat.invocation(), "meetings.delegate", {"delegue": "Marie"}, "x1", chat)
    assert "Je ne trouve pas la rencontre" in chat.transcript[-1] and "Marie" not in out
    async with app.db.session() as session:
        assert (await session.exec(select(Rsvp))).all() == []


# -- agenda -------------------------------------------------------------------------------
async def agenda(app) -> list[str]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        items = (await session.exec(select(AgendaItem).order_by(AgendaItem.position))).all()
    return [item.text for item in items]


async def test_partners_propose_and_coordinators_order(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    out = await chat.type(
        ":moi Alice",
        "/rencontre odj ajouter Bilan du transport",
        "/rencontre odj ajouter Plan d'action 2027",
        ":moi Bruno",
        "/rencontre odj ajouter #1 Varia",
        "/rencontre odj monter 2",
        "/rencontre odj descendre 1",
        "/rencontre odj retirer 1",
    )
    assert "Point n° 3 ajouté" in out
    assert out.count("Seule la coordination de la table") == 2
    assert "Seule la coordination (ou la personne qui a proposé ce point)" in out
    assert await agenda(app) == ["Bilan du transport", "Plan d'action 2027", "Varia"]
    out = await chat.type("/rencontre odj retirer 3")  # Bruno's own point
    assert "1. Bilan du transport — proposé par Alice\n2. Plan d'action 2027 — proposé par" in out
    out = await chat.type(
        ":moi Coco",
        "/rencontre odj monter 2",
        "/rencontre odj monter 1",
        "/rencontre odj descendre 2",
        "/rencontre odj retirer 5",
        "/rencontre odj monter deux",
    )
    assert "1. Plan d'action 2027 — proposé par Alice\n2. Bilan du transport — proposé" in out
    assert "déjà le premier" in out and "déjà le dernier" in out
    assert "Il n'y a pas de point n° 5" in out and "Exemple : `/rencontre odj" in out
    assert await agenda(app) == ["Plan d'action 2027", "Bilan du transport"]


async def test_agenda_listing_shows_other_features_lines(chat, app) -> None:  # type: ignore[no-untyped-def]
    async def extras(ctx):  # type: ignore[no-untyped-def]
        return ["« mobilisation » (vocabulaire à discuter)"]

    app.router.hooks.setdefault("meetings.agenda_extras", []).append(extras)
    try:
        await chat.type(":moi Coco")
        await plan(chat)
        out = await chat.type("/rencontre odj ajouter Bilan", "/rencontre odj", "/rencontre odj #1")
    finally:
        app.router.hooks["meetings.agenda_extras"].remove(extras)
    assert out.count("1. Bilan") == 2
    assert out.count("*À discuter aussi* :\n« mobilisation »") == 2


async def test_agenda_bad_input(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/rencontre odj ajouter Bilan")
    assert "Aucune rencontre à venir dans ce canal" in out
    await plan(chat)
    out = await chat.type(
        "/rencontre odj ajouter",
        "/rencontre odj ajouter @everyone venez",
        "/rencontre odj ajouter #99 Bilan",
        "/rencontre odj monter 1",
        "/rencontre odj bidule",
    )
    assert "Il manque le point à ajouter" in out and "mentions de masse" in out
    assert "Je ne trouve pas la rencontre « 99 »" in out
    assert "Aucun point à l'ordre du jour" in out and "« bidule »" in out
    assert await agenda(app) == []


# -- trio ---------------------------------------------------------------------------------
PEOPLE = [
    ("Ana", "CDC"),
    ("Anouk", "CDC"),
    ("Aube", "CDC"),
    ("Bea", "CLD"),
    ("Ben", "CLD"),
    ("Cyr", "CISSS"),
    ("Dora", "Maison des jeunes"),
]


async def seats_of(app, meeting_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        seats = (
            await session.exec(select(TrioSeat).where(TrioSeat.meeting_id == meeting_id))
        ).all()
        members = {m.user_id: m for m in (await session.exec(select(Member))).all()}
    return {s.role: members[s.user_id].display_name for s in seats if s.user_id}


async def test_trio_rotation_over_five_meetings(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")  # the coordinator, with no organisation
    for name, organisation in PEOPLE:
        await chat.type(f":moi {name} {organisation}")
    organisation_of = dict(PEOPLE)
    served: list[set[str]] = []
    await chat.type(":moi Coco")
    for week in range(5):
        day = 13 + 7 * week
        await plan(
            chat,
            f"/rencontre planifier {day} octobre 13 h 30"
            if day <= 31
            else f"/rencontre planifier {day - 31} novembre 13 h 30",
        )
        out = await chat.type(f"/rencontre trio #{week + 1}")
        assert "Trio d'animation" in out
        trio = await seats_of(app, week + 1)
        assert set(trio) == {"animation", "synthese", "observation"}
        people = set(trio.values())
        assert len({organisation_of[p] for p in people}) == 3  # three organisations
        everyone_before = set().union(*served) if served else set()
        for person in people & everyone_before:  # serving again: everyone served by now
            assert everyone_before | people == set(organisation_of), (week, person)
        served.append(people)
    assert set().union(*served[:3]) == set(organisation_of)  # all seven within three meetings


async def test_trio_accept_and_decline_proposes_a_replacement(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")  # the first to act coordinates
    for name, organisation in [("Ana", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS"), ("Dora", "MDJ")]:
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco")
    await plan(chat)
    out = await chat.type("/rencontre trio")
    assert "Ana, Bea, Cyr : acceptez-vous" in out and "<@" not in out
    out = await click(chat, "J'accepte", "Dora")
    assert "Ce rôle ne vous est pas proposé" in out
    out = await click(chat, "J'accepte", "Ana")
    assert "Animation : Ana (CDC) — a accepté" in out and "Merci!" in out
    out = await click(chat, "Je décline", "Bea")
    assert "Bea ne peut pas assurer le rôle « Synthèse ». Dora," in out
    assert "Synthèse : Dora (MDJ) — en attente de réponse" in out
    out = await click(chat, "Je décline", "Dora")
    assert "personne d'autre n'est disponible" in out
    assert await seats_of(app, 1) == {"animation": "Ana", "observation": "Cyr"}
    out = await chat.type(":moi Bea", "/rencontre trio")  # Bea declined: never proposed again
    assert "Synthèse : _à pourvoir_" in out


async def test_trio_set_by_hand_and_its_refusals(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")  # the first to act coordinates
    for name, organisation in [("Ana", "CDC"), ("Anouk", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS")]:
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco")
    await plan(chat)
    out = await chat.type(":moi Ana", "/rencontre trio @Ana @Bea @Cyr")
    assert "Seule la coordination de la table" in out
    out = await chat.type(
        ":moi Coco",
        "/rencontre trio @Ana @Anouk @Cyr",
        "/rencontre trio @Ana @Bea",
        "/rencontre trio @Ana @Bea @Zoe",
        "/rencontre trio @Ana @Bea @Bea",
    )
    assert "représentent le même organisme (CDC)" in out
    assert out.count("Nommez trois personnes différentes") == 2
    assert "Je ne connais pas encore « @Zoe »" in out  # as typed
    assert await seats_of(app, 1) == {}
    out = await chat.type("/rencontre trio #1 @Cyr @Ana @Bea")
    assert "Animation : Cyr (CISSS) — a accepté" in out
    assert await seats_of(app, 1) == {"animation": "Cyr", "synthese": "Ana", "observation": "Bea"}


async def test_trio_needs_three_organisations(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre", ":moi Ana CDC", ":moi Anouk CDC", ":moi Coco")
    await plan(chat)
    out = await chat.type("/rencontre trio")
    assert "trois personnes de trois organismes différents" in out
    assert await seats_of(app, 1) == {}


async def test_non_ascii_digits_are_refused_clearly(chat, app) -> None:  # type: ignore[no-untyped-def]
    """« ² » passes str.isdigit but is not a number: a clear refusal, never an apology."""
    from testkit.doubles import Answers

    await chat.type(":moi Coco")
    await plan(chat)
    out = await chat.type("/rencontre odj ajouter Bilan", "/rencontre odj retirer ²")
    assert "Oups" not in out and "⚠️" in out
    answers = Answers()
    await app.action(chat.invocation(), "meetings.rsvp", "²:p", answers)
    assert answers.text.startswith("⚠️") and "Oups" not in answers.text


async def test_trio_leaves_out_people_absent_or_delegated(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")
    for name, organisation in [
        ("Ana", "CDC"),
        ("Bea", "CLD"),
        ("Cyr", "CISSS"),
        ("Dora", "MDJ"),
        ("Eve", "CLSC"),
    ]:
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco")
    await plan(chat)
    await click(chat, "Absent·e", "Bea")
    out = await chat.type(":moi Coco", "/rencontre trio")
    assert "Ana, Cyr, Dora : acceptez-vous" in out and "Bea" not in out
    out = await click(chat, "Absent·e", "Ana")  # proposed, then absent: replaced at once
    assert "Ana ne peut pas assurer le rôle « Animation ». Eve," in out
    assert "Animation : Eve (CLSC) — en attente de réponse" in out
    await click(chat, "J'accepte", "Cyr")
    delegated = chat.last_buttons("Représenté·e")[-1]
    out = await chat.type(f":clic {delegated}", "Marie Roy (CISSS)")  # accepted, then delegated
    assert "Cyr ne peut pas assurer le rôle « Synthèse », et personne d'autre" in out
    assert await seats_of(app, 1) == {"animation": "Eve", "observation": "Dora"}
    out = await click(chat, "Présent·e", "Ana")  # present again: may be proposed again
    assert "ne peut pas assurer" not in out and "Synthèse : _à pourvoir_" in out
    out = await chat.type(":moi Coco", "/rencontre trio")
    assert "Synthèse : Ana (CDC) — en attente de réponse" in out


async def test_trio_by_hand_needs_everyone_s_organisation(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coord", "/rencontre", ":moi Zoé", "/rencontre", ":moi Yann", "/rencontre")
    await chat.type(":moi Coord")
    await plan(chat)
    out = await chat.type("/rencontre trio #1 @Coord @Zoé @Yann")
    assert "ces personnes n'ont pas indiqué leur organisme : Coord, Zoé, Yann" in out
    assert "`/partenaire moi ORGANISME / secteur`" in out
    out = await chat.type(
        ":moi Coord CDC", ":moi Zoé CLD", ":moi Coord", "/rencontre trio 1 @Coord @Zoé @Yann"
    )
    assert "mais Yann n'a pas indiqué son organisme" in out
    assert await seats_of(app, 1) == {}


async def test_english_trio_and_help_read_english(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    await chat.type(":moi Ana CDC", ":moi Bea CLD", ":moi Cyr CISSS", ":moi Coco")
    await chat.type("/rencontre plan October 20 1:30 pm | Council room | Fall meeting")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    out = await chat.type("/rencontre trio @Ana @Bea @Cyr")
    assert "• Facilitation: Ana (CDC) — " in out and " : " not in out
    out = await chat.type("/outarde help")
    for example in (
        "/rencontre plan ",
        "/rencontre list",
        "/rencontre cancel #12",
        "/rencontre agenda add",
    ):
        assert f"`{example}" in out, example
    assert "/rencontre planifier" not in out and "/rencontre odj" not in out


async def test_a_trio_set_by_hand_attends_and_leaves_out_who_will_be_away(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")  # the first to speak: the coordination
    for name, organisation in (("Ana", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS"), ("Dora", "MRC")):
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco")
    await plan(chat)
    await click(chat, "Absent·e", "Dora")
    out = await chat.type(":moi Coco", "/rencontre trio 1 @Ana @Bea @Dora")
    assert "Dora a répondu qu'il ou elle ne sera pas à cette rencontre" in out
    assert await seats_of(app, 1) == {}
    out = await chat.type("/rencontre trio 1 @Ana @Bea @Cyr")
    assert await seats_of(app, 1) == {"animation": "Ana", "synthese": "Bea", "observation": "Cyr"}
    assert "✅ Présent·es : 3" in out


async def test_a_person_not_met_yet_is_named_as_typed_in_the_trio(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/rencontre")
    await chat.type(":moi Ana CDC", ":moi Bea CLD", ":moi Coco")
    await plan(chat)
    out = await chat.type("/rencontre trio 1 @Ana @Bea @Zoé")
    assert "Je ne connais pas encore « @Zoé »" in out
