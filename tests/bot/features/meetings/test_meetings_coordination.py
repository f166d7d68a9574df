"""/rencontre as a coordinator runs it: the trio always settable, the quorum counted once,
the cancel question's both buttons, every posted message of a meeting kept up to date."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot import hooks
from bot.messages import plain_text
from storage.models.meetings import Meeting
from tests.bot.features.meetings.test_meetings import PLAN, START, advance_to, plan
from tests.bot.features.meetings.test_meetings_people import click, seats_of


def refs_of(chat, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [ref for ref, message in chat.posted.items() if message.key == key]


async def table(chat, people: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Coco coordinates (the first to speak); each person names their organisation."""
    await chat.type(":moi Coco", "/rencontre")
    for name, organisation in people:
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Coco")


FOUR = [("Ana", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS"), ("Dora", "MDJ")]


# -- 1: the trio ---------------------------------------------------------------------------
async def test_declining_one_role_does_not_bar_another(chat, app) -> None:  # type: ignore[no-untyped-def]
    await table(chat, FOUR)
    await plan(chat)
    await chat.type("/rencontre trio")  # Ana, Bea, Cyr
    out = await click(chat, "Je décline", "Bea")
    assert "Bea ne peut pas assurer le rôle « Synthèse ». Dora," in out
    out = await click(chat, "Absent·e", "Cyr")  # Observation opens: Bea declined Synthèse only
    assert "Cyr ne peut pas assurer le rôle « Observation ». Bea," in out
    assert await seats_of(app, 1) == {"animation": "Ana", "synthese": "Dora", "observation": "Bea"}


async def test_the_coordination_can_always_set_the_trio(chat, app) -> None:  # type: ignore[no-untyped-def]
    await table(chat, [*FOUR, ("Coco", "Table")])
    await plan(chat)
    await chat.type("/rencontre trio")  # Ana, Bea, Coco (least served, then by name)
    await click(chat, "Je décline", "Ana")
    await click(chat, "Je décline", "Bea")
    await click(chat, "Je décline", "Coco")
    out = await chat.type(":moi Coco", "/rencontre trio @Ana @Bea @Coco")  # all had declined
    assert "ne sera pas à cette rencontre" not in out and "décliné" not in out
    assert await seats_of(app, 1) == {"animation": "Ana", "synthese": "Bea", "observation": "Coco"}
    assert "Observation : Coco (Table) — a accepté" in out


async def test_reminders_already_posted_show_the_trio_as_it_is_now(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await table(chat, FOUR)
    await plan(chat)
    await advance_to(chat, clock, START - timedelta(days=1))
    [reminder] = refs_of(chat, "meetings.reminder:1:1j")
    out = await chat.type("/rencontre trio @Ana @Bea @Cyr")
    assert f"(mise à jour du message {reminder})" in out
    assert "Observation : Cyr (CISSS) — a accepté" in plain_text(chat.posted[reminder])


# -- 4: the quorum -------------------------------------------------------------------------
async def test_a_delegate_already_present_is_not_counted_twice(chat) -> None:  # type: ignore[no-untyped-def]
    await table(chat, [("Julie", "CDC"), ("Chloé", "CLD")])
    await chat.type("/outarde config quorum 3")
    await plan(chat)
    await click(chat, "Présent·e", "Julie")
    await chat.type(":moi Chloé")
    out = await chat.type(f":clic {chat.last_buttons('Représenté·e')[-1]}", "Julie (CDC)")
    assert "Julie (CDC) vous représentera" in out
    assert "Au quorum, Julie (CDC) est déjà compté·e : cette délégation ne compte pas" in out
    assert "Quorum : 1 sur 3 — il manque 2 présences ou délégations." in out
    out = await chat.type(":moi Bruno", f":clic {chat.last_buttons('Représenté·e')[-1]}", "Marc")
    assert "déjà compté" not in out and "Quorum : 2 sur 3" in out


async def test_quorum_by_organisation(chat) -> None:  # type: ignore[no-untyped-def]
    await table(chat, [("Ana", "CDC"), ("Anouk", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS")])
    out = await chat.type("/outarde config quorum_par nombre")
    assert "n'est pas une façon de compter le quorum" in out
    await chat.type("/outarde config quorum 3", "/outarde config quorum_par organismes")
    assert "par organisme" in await chat.type("/outarde config")
    await plan(chat)
    await click(chat, "Présent·e", "Ana")
    out = await click(chat, "Présent·e", "Anouk")  # the same organisation: one voice
    assert "Quorum : 1 organismes sur 3 — il manque 2 organismes." in out
    await chat.type(":moi Bea")
    out = await chat.type(f":clic {chat.last_buttons('Représenté·e')[-1]}", "Ana")
    assert "Quorum : 2 organismes sur 3 — il manque 1 organisme." in out  # CLD is represented
    out = await click(chat, "Présent·e", "Cyr")
    assert "Quorum atteint : 3 organismes présents ou représentés (quorum : 3)." in out


async def test_quorum_by_organisation_in_english(chat) -> None:  # type: ignore[no-untyped-def]
    await table(chat, [("Ana", "CDC"), ("Anouk", "CDC")])
    await chat.type("/outarde config langue en", "/outarde config quorum 2")
    out = await chat.type("/outarde config quorum_by organizations", "/outarde config")
    assert "by organisation" in out
    await chat.type("/rencontre plan October 20 1:30 pm | Council room")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    await click(chat, "Attending", "Ana")
    out = await click(chat, "Attending", "Anouk")
    assert "Quorum: 1 of 2 organisations — 1 more organisation needed." in out
    await chat.type(":moi Zed")
    out = await chat.type(f":clic {chat.last_buttons('Represented')[-1]}", "Ana")
    assert "For the quorum, Ana is already counted" not in out  # Zed's own voice counts


# -- 5: the cancel question ----------------------------------------------------------------
async def test_only_the_coordination_answers_the_cancel_question(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type("/rencontre annuler #1")
    keep = chat.last_buttons("Non, la garder")[-1]
    yes = chat.last_buttons("Oui, annuler la rencontre")[-1]
    out = await chat.type(":moi Luc", f":clic {keep}")
    assert "Seule la coordination de la table" in out and "maintenue" not in out
    out = await chat.type(":moi Coco", f":clic {yes}")
    assert "La rencontre n° 1 *Rencontre d'automne* du" in out and "est annulée" in out
    async with app.db.session() as session:
        statement = select(Meeting).where(Meeting.status != "confirmed")
        assert (await session.exec(statement)).one().status == "cancelled"


# -- 10: every posted message of the meeting -----------------------------------------------
async def test_an_answer_from_a_reminder_updates_every_posted_card(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await advance_to(chat, clock, START - timedelta(days=7))
    await advance_to(chat, clock, START - timedelta(days=1))
    [card] = refs_of(chat, "meetings.meeting:1")
    [week] = refs_of(chat, "meetings.reminder:1:7j")
    [day] = refs_of(chat, "meetings.reminder:1:1j")
    out = await click(chat, "Présent·e", "Alice")  # the button of the latest reminder
    for ref in (card, week, day):
        assert f"(mise à jour du message {ref})" in out
        assert "✅ Présent·es : 1" in plain_text(chat.posted[ref])
    assert "🔔 Rappel : Rencontre d'automne dans 1 jour" in plain_text(chat.posted[day])


# -- 8: who is coming, who came ------------------------------------------------------------
async def test_the_attendance_list_names_each_answer(chat) -> None:  # type: ignore[no-untyped-def]
    await table(chat, [("Ana", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS"), ("Dora", "MDJ")])
    await plan(chat)
    await click(chat, "Présent·e", "Ana")
    await click(chat, "Absent·e", "Bea")
    await chat.type(":moi Cyr", f":clic {chat.last_buttons('Représenté·e')[-1]}", "Marie Roy")
    assert "Qui vient à une rencontre : `/rencontre 1`" in await chat.type("/rencontre liste")
    for command in ("/rencontre 1", "/rencontre #1", "/rencontre presences"):
        out = await chat.type(command)
        assert "✅ *Présent·es* : Ana" in out, command
        assert "🔁 *Représenté·es* : Cyr (par Marie Roy)" in out
        assert "❌ *Absent·es* : Bea" in out
        assert "❔ *Pas de réponse* : Coco, Dora" in out
    assert "Je ne trouve pas la rencontre « 7 »" in await chat.type("/rencontre 7")


async def test_the_coordination_records_who_came_for_the_evaluation(chat, app, clock) -> None:  # type: ignore[no-untyped-def]


    await table(chat, [("Ana", "CDC"), ("Bea", "CLD"), ("Karim", "CISSS")])
    await chat.type("/outarde config quorum 3")
    await plan(chat)
    await click(chat, "Présent·e", "Ana")
    await click(chat, "Absent·e", "Karim")
    await chat.type(":moi Coco")
    out = await chat.type("/rencontre presences #1 @Ana @Bea")
    assert "n'a pas encore eu lieu" in out
    await advance_to(chat, clock, START + timedelta(hours=3))
    out = await chat.type(":moi Ana", "/rencontre presences @Ana @Bea")
    assert "Seule la coordination de la table" in out
    out = await chat.type(":moi Coco", "/rencontre presences @Ana @Bea")
    assert "C'est noté : 2 personnes sont venues (Ana, Bea)." in out
    assert "🧾 *Sont venu·es* (noté par la coordination) : Ana, Bea" in out
    assert "Quorum : 2 sur 3 — il manque 1" in out
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, chat.place, None)
        assert await ctx.hook(hooks.MEETING_ATTENDEES, 1) == [["ana", "bea"]]


async def test_who_came_in_english(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await table(chat, [("Ana", "CDC")])
    await chat.type("/outarde config langue en")
    await chat.type("/rencontre plan October 20 1:30 pm | Council room")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    out = await chat.type("/rencontre attendance")
    assert "❔ *No answer*: Ana, Coco" in out and "✅ *Attending*: nobody" in out
    await advance_to(chat, clock, START + timedelta(hours=3))
    out = await chat.type("/rencontre attendance #1 @Ana")
    assert "Noted: 1 person came (Ana)." in out


# -- 9: place, link, title -----------------------------------------------------------------
async def test_a_move_can_change_the_place_too(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await click(chat, "Présent·e", "Alice")
    out = await chat.type(
        ":moi Coco", "/rencontre reporter #1 le 22 octobre à 9h30 | Salle communautaire de Chertsey"
    )
    assert "déplacée" in out and "jeudi 22 octobre 2026 à 9 h 30" in out
    assert "• Lieu : Salle du conseil, MRC → *Salle communautaire de Chertsey*" in out
    assert "ces personnes avaient répondu : Alice" in out
    out = await chat.type("/rencontre reporter 1 le 22 octobre à 9h30 | Salle B | Bilan")
    assert "• Lieu : Salle communautaire de Chertsey → *Salle B*" in out
    assert "• Titre : Rencontre d'automne → *Bilan*" in out and "déplacée" not in out
    async with app.db.session() as session:
        meeting = (await session.exec(select(Meeting).where(Meeting.status != "confirmed"))).one()
    assert (meeting.location, meeting.title, meeting.sequence) == ("Salle B", "Bilan", 2)


async def test_the_place_link_or_title_is_changed_and_people_are_told(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await click(chat, "Présent·e", "Alice")
    out = await chat.type(":moi Alice", "/rencontre modifier lieu Zoom")
    assert "Seule la coordination de la table" in out
    out = await chat.type(":moi Coco", "/rencontre modifier #1 lien https://zoom.us/j/123")
    [card] = refs_of(chat, "meetings.meeting:1")
    assert f"(mise à jour du message {card})" in out
    assert "✏️ La rencontre n° 1 *Rencontre d'automne* change :" in out
    assert "• Lieu : Salle du conseil, MRC → *https://zoom.us/j/123*" in out
    assert "ces personnes avaient répondu : Alice" in out and "rencontre-1.ics" in out
    out = await chat.type("/rencontre modifier titre Rencontre d'automne")  # the same title
    assert "Rien n'a changé à la rencontre n° 1 : personne n'est prévenu." in out
    assert "✏️" not in out
    errors = await app.submit(
        chat.invocation(), "meetings.edit", {"lieu": "", "titre": "x" * 121}, "1", chat
    )
    assert errors and "titre" in errors
    await app.submit(chat.invocation(), "meetings.edit", {"lieu": "", "titre": "Bilan"}, "1", chat)
    out = chat.transcript[-1]
    assert "• Lieu : https://zoom.us/j/123 → *lieu à préciser*" in "\n".join(chat.transcript[-3:])
    async with app.db.session() as session:
        meeting = (await session.exec(select(Meeting).where(Meeting.status != "confirmed"))).one()
    assert (meeting.location, meeting.title, meeting.sequence) == (None, "Bilan", 2)
    out = await chat.type("/rencontre modifier")
    assert "Modifier la rencontre" in out


async def test_editing_a_meeting_in_english(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    await chat.type("/rencontre plan October 20 1:30 pm | Council room")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    out = await chat.type("/rencontre edit place Zoom")
    assert "✏️ Meeting #1 *" in out and "• Place: Council room → *Zoom*" in out
    out = await chat.type("/rencontre edit place Zoom")
    assert "Nothing changed in meeting #1: nobody is told." in out


# -- 11: the agenda ------------------------------------------------------------------------
async def test_a_point_moves_to_a_position_in_one_command(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    for point in ("Budget", "Bilan", "Transport", "Logement"):
        await chat.type(f"/rencontre odj ajouter {point}")
    out = await chat.type(":moi Alice", "/rencontre odj deplacer 4 1")
    assert "Seule la coordination de la table" in out
    out = await chat.type(":moi Coco", "/rencontre odj deplacer 4 en 1")
    assert "1. Logement — proposé par Coco\n2. Budget — proposé par Coco\n3. Bilan" in out
    out = await chat.type("/rencontre odj déplacer 1 9", "/rencontre odj deplacer 1")
    assert "Il n'y a pas de point n° 9 : l'ordre du jour en compte 4." in out
    assert "Exemple : `/rencontre odj" in out


async def test_the_agenda_template_starts_each_new_meeting(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    out = await chat.type(
        "/outarde config odj_modele Mot de bienvenue; Adoption de l'ordre du jour;"
        " Adoption du compte rendu; Varia"
    )
    assert "Mot de bienvenue; Adoption de l'ordre du jour; Adoption du compte rendu; Varia" in out
    assert "n'est pas un modèle d'ordre du jour valide" in await chat.type(
        "/outarde config odj_modele " + "; ".join(["point"] * 13)
    )
    await plan(chat)
    out = await chat.type(":moi Alice", "/rencontre odj ajouter Bilan", "/rencontre odj")
    assert "1. Mot de bienvenue\n2. Adoption de l'ordre du jour\n3. Adoption du compte" in out
    assert "4. Varia\n5. Bilan — proposé par Alice" in out


async def test_a_point_added_during_a_meeting_goes_to_the_next_one(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await advance_to(chat, clock, START + timedelta(minutes=30))
    out = await chat.type(":moi Alice", "/rencontre odj ajouter #1 Bilan")
    assert "La rencontre n° 1 est en cours, et aucune autre n'est encore planifiée" in out
    await chat.type(":moi Coco")
    await plan(chat, "/rencontre planifier 3 novembre 9 h | Zoom | Bilan")
    out = await chat.type(":moi Alice", "/rencontre odj ajouter #1 Bilan du transport")
    first = out.split("⏭️", 1)[1]
    assert first.startswith(" La rencontre n° 1 est en cours : votre point va à la prochaine")
    assert "n° 2 (mardi 3 novembre 2026 à 9 h)" in first
    assert "Point n° 1 ajouté à l'ordre du jour de la rencontre n° 2" in out
    out = await chat.type("/rencontre odj ajouter #2 Varia")  # named: no notice
    assert "⏭️" not in out
    await advance_to(chat, clock, START + timedelta(hours=3))
    assert "⏭️" not in await chat.type("/rencontre odj ajouter Logement")  # the meeting ended


async def test_the_agenda_in_english(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    await chat.type("/outarde config agenda_template Welcome; Other business")
    await chat.type("/rencontre plan October 20 1:30 pm | Council room")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    await chat.type("/rencontre plan October 27 1:30 pm | Council room")
    await chat.type(f":clic {chat.last_buttons('Confirm')[-1]}")
    out = await chat.type("/rencontre agenda add Budget", "/rencontre agenda move 3 1")
    assert "1. Budget — proposed by Coco\n2. Welcome\n3. Other business" in out
    await advance_to(chat, clock, START + timedelta(minutes=5))
    out = await chat.type("/rencontre agenda add Housing")
    assert "⏭️ Meeting #1 is under way: your item goes to the next meeting, #2" in out


# -- 20: wordings --------------------------------------------------------------------------
async def test_confirm_after_cancel_says_the_draft_was_cancelled(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", PLAN)
    confirm, discard = chat.last_buttons("Confirmer")[-1], chat.last_buttons("Annuler")[-1]
    out = await chat.type(f":clic {discard}", f":clic {confirm}")
    assert "Vous aviez annulé ce projet de rencontre : rien n'a été planifié." in out
    assert "Je ne trouve pas" not in out
    assert "Aucune rencontre à venir" in await chat.type("/rencontre liste")
    await chat.type("/outarde config langue en", "/rencontre plan October 20 1:30 pm")
    confirm, discard = chat.last_buttons("Confirm")[-1], chat.last_buttons("Cancel")[-1]
    out = await chat.type(f":clic {discard}", f":clic {confirm}")
    assert "You cancelled this meeting draft: nothing was planned." in out


async def test_drafts_use_up_no_numbers(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", PLAN, PLAN)
    await chat.type(f":clic {chat.last_buttons('Annuler')[-1]}")
    await chat.type("/rencontre planifier jeudi 13 h 30 | Salle | Brouillon")  # left undecided
    out = await plan(chat, "/rencontre planifier 3 novembre 9 h | Zoom | Bilan")
    assert "C'est planifié : rencontre n° 1," in out and "rencontre-1.ics" in out
    out = await plan(chat)
    assert "C'est planifié : rencontre n° 2," in out
    out = await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    assert "La rencontre n° 2 est déjà confirmée." in out
    async with app.db.session() as session:
        planned = (await session.exec(select(Meeting).where(Meeting.status == "planned"))).all()
    assert sorted(m.id for m in planned) == [1, 2]


async def test_a_cancelled_meeting_shows_no_quorum_line(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config quorum 4")
    out = await plan(chat)
    assert "Quorum : 0 sur 4" in out
    await chat.type("/rencontre annuler")
    out = await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    assert "❌ ANNULÉE — Rencontre d'automne" in out and "Quorum" not in out
    assert "Quorum" not in await chat.type("/rencontre 1")


async def test_in_three_weeks_plans_at_a_round_time(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    clock.set(datetime(2026, 12, 1, 22, 18, 42, 500, tzinfo=UTC))  # 17 h 18 min 42 s in Toronto
    await chat.type(":moi Coco")
    out = await plan(chat, "/rencontre planifier dans 3 semaines | Salle")
    assert "mardi 22 décembre 2026 à 9 h" in out
    assert "DTSTART;TZID=America/Toronto:20261222T090000" in ics_text(chat)
    out = await plan(chat, "/rencontre planifier dans 2 heures | Salle")
    assert "mardi 1 décembre 2026 à 19 h 19" in out or "mardi 1er décembre 2026 à 19 h 19" in out
    assert "T191900" in ics_text(chat)
    out = await plan(chat, "/rencontre planifier dans 3 jours à 14 h | Salle")
    assert "à 14 h" in out
    await chat.type("/outarde config langue en")
    out = await chat.type("/rencontre plan in 3 weeks")
    assert "at 9:00 AM" in out


def ics_text(chat) -> str:  # type: ignore[no-untyped-def]
    [*_, card] = [m for m in chat.posted.values() if m.files]
    return card.files[0].data.decode()
