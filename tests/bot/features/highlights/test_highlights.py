"""/faitsaillant: posting, the form, « Utile », editing, withdrawing, the list and its filters."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import func, select

from bot.context import Actor, Invocation, Place
from bot.messages import plain_text
from storage.models.highlights import Highlight, HighlightInterest, HighlightTag
from testkit.doubles import Answers

PLACE = Place("console", "table", "general")


async def rows(db, model) -> list:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        return list((await session.exec(select(model))).all())


async def useful_rows(db, highlight_id: int) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        statement = select(func.count()).where(HighlightInterest.highlight_id == highlight_id)
        return int((await session.exec(statement)).one())


# -- posting ---------------------------------------------------------------------------------
async def test_post_with_themes_link_author_organisation_and_date(chat, db) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice CDC des Collines / communautaire",
        "/faitsaillant Nouvelle halte-garderie à Lachute #Famille #Santé #emploi-jeunes "
        "Infos : https://exemple.org/halte.",
    )
    assert "# 📣 Fait saillant" in out
    assert "Par : Alice — CDC des Collines" in out
    assert "Date : mardi 6 octobre 2026 à 14 h" in out
    assert "Thèmes : #Famille #Santé #emploi-jeunes" in out
    assert "Lien : https://exemple.org/halte\n" in out  # trailing period left out
    [highlight] = await rows(db, Highlight)
    assert highlight.workspace == "console:table" and highlight.organisation == "CDC des Collines"
    assert highlight.link == "https://exemple.org/halte"
    tags = await rows(db, HighlightTag)
    assert sorted(t.tag for t in tags) == ["emploi-jeunes", "famille", "sante"]  # folded
    assert chat.last_buttons("👍 Utile") and chat.last_buttons("Modifier")


async def test_without_profile_the_display_name_stands_for_the_organisation(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Bruno", "/faitsaillant Appel de projets ouvert")
    assert "Par : Bruno\n" in out
    assert "Astuce : ajoutez des thèmes" in out  # no theme: a tip, privately


async def test_numbers_and_anchors_are_not_themes(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice", "/faitsaillant Point #3 de l'ordre du jour, voir page#ancre")
    assert await rows(db, HighlightTag) == []


async def test_form_when_no_text(chat, db) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice CDC",
        "/faitsaillant",
        "Fermeture du comptoir alimentaire #alimentation",
        "emploi, #Logement",
        "www.cdc.org/comptoir",
        "Lachute",
    )
    assert "Formulaire : Nouveau fait saillant" in out
    assert "Territoire (municipalité, secteur…) (facultatif)" in out
    assert "Thèmes : #alimentation #emploi #Logement" in out
    assert "Lien : https://www.cdc.org/comptoir" in out
    assert "Territoire : Lachute" in out
    [highlight] = await rows(db, Highlight)
    assert highlight.territory == "Lachute"


async def test_form_refuses_a_bad_link_and_asks_again(chat, db) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice", "/faitsaillant", "Un texte", "", "pas un lien", "", "https://ok.org"
    )
    assert "Ce lien n'est pas une adresse Web" in out
    [highlight] = await rows(db, Highlight)
    assert highlight.link == "https://ok.org"


async def test_bad_input_is_refused_and_nothing_is_stored(chat, db) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice",
        "/faitsaillant " + "x" * 3001,
        "/faitsaillant Réunion pour @everyone #emploi",
        "/faitsaillant Avis @here à tous",
    )
    assert "Ce texte est trop long (3001 caractères) : la limite est de 3000" in out
    assert out.count("Les mentions de masse") == 2
    assert await rows(db, Highlight) == [] and await rows(db, HighlightTag) == []
    out = await chat.type("/faitsaillant " + "y" * 3000)
    assert "Fait saillant" in out and len(await rows(db, Highlight)) == 1


async def test_person_mentions_are_kept_harmless(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice", "/faitsaillant Merci @Bruno pour l'info #emploi")
    [highlight] = await rows(db, Highlight)
    assert "<@" not in highlight.text and "@Bruno" in highlight.text


# -- « Utile » ---------------------------------------------------------------------------------
async def test_useful_counts_each_person_once_and_toggles(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice", "/faitsaillant Nouveau service #emploi")
    button = chat.last_buttons("👍 Utile")[-1]
    out = await chat.type(":moi Bruno", f":clic {button}")
    assert "mise à jour du message" in out and "Utile pour 1 personne ·" in out
    out = await chat.type(f":clic {button}")
    assert "Votre mention « Utile » est retirée." in out and "Utile pour 0 personne ·" in out
    out = await chat.type(f":clic {button}", ":moi Chloé", f":clic {button}")
    assert "Utile pour 2 personnes ·" in out
    out = await chat.type(":moi Alice", f":clic {button}")
    assert "seules les autres personnes" in out
    assert await useful_rows(db, 1) == 2


async def test_concurrent_useful_clicks_count_exactly(app, db) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(
        Invocation(PLACE, Actor("alice", "Alice")), "faitsaillant", "Info #emploi", answers
    )
    people = [Actor(f"p{i}", f"Personne {i}") for i in range(20)]
    surfaces = [Answers() for _ in people]
    await asyncio.gather(
        *(
            app.action(Invocation(PLACE, person), "highlights.useful", "1", surface)
            for person, surface in zip(people, surfaces, strict=True)
        )
    )
    assert await useful_rows(db, 1) == 20
    assert all("Merci" in surface.text for surface in surfaces)
    # a person clicking twice at once never counts twice
    twice = [Answers(), Answers()]
    bruno = Actor("bruno", "Bruno")
    await asyncio.gather(
        *(app.action(Invocation(PLACE, bruno), "highlights.useful", "1", s) for s in twice)
    )
    assert await useful_rows(db, 1) == 20  # one click adds, the other takes it back
    said = sorted(surface.text.split(".")[0] for surface in twice)
    assert said == ["Merci : vous l'avez marqué « Utile »", "Votre mention « Utile » est retirée"]
    async with db.session() as session:
        marks = (await session.exec(select(HighlightInterest.user_id))).all()
    assert len(marks) == len(set(marks))


# -- editing and withdrawing ----------------------------------------------------------------
async def test_only_the_author_edits_with_a_prefilled_form(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice CDC", "/faitsaillant Halte-garderie #famille https://a.org")
    edit = chat.last_buttons("Modifier")[-1]
    out = await chat.type(":moi Bruno", f":clic {edit}")
    assert "Seule la personne qui a publié ce fait saillant peut le modifier" in out
    assert "Formulaire" not in out
    assert chat.pending_forms == []
    form_out = await chat.type(
        ":moi Alice",
        f":clic {edit}",
        "Halte-garderie ouverte le samedi",
        "#famille #loisirs",
        "-",  # « - » erases the link
        "Mirabel",
    )
    assert "Formulaire : Fait saillant à modifier" in form_out
    assert "mise à jour du message m" in form_out and "Modifié le mardi 6 octobre 2026" in form_out
    assert "Thèmes : #famille #loisirs" in form_out and "Territoire : Mirabel" in form_out
    assert "C'est modifié" in form_out
    [highlight] = await rows(db, Highlight)
    assert highlight.text == "Halte-garderie ouverte le samedi" and highlight.link is None
    assert sorted(t.tag for t in await rows(db, HighlightTag)) == ["famille", "loisirs"]


async def test_edit_form_is_prefilled(app) -> None:  # type: ignore[no-untyped-def]
    alice = Invocation(PLACE, Actor("alice", "Alice"))
    answers = Answers()
    await app.command(alice, "faitsaillant", "Texte #emploi https://a.org", answers)
    await app.action(alice, "highlights.edit", "1", answers)
    [form] = answers.forms
    initial = {i.field_id: i.initial for i in form.inputs}
    assert initial == {
        "texte": "Texte #emploi https://a.org",
        "themes": "#emploi",
        "lien": "https://a.org",
        "territoire": "",
    }
    assert form.state == "1"


async def test_a_forged_edit_submission_is_refused(app, db) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(
        Invocation(PLACE, Actor("alice", "Alice")), "faitsaillant", "Vrai #emploi", answers
    )
    bruno = Invocation(PLACE, Actor("bruno", "Bruno"))
    values = {"texte": "Faux", "themes": "", "lien": "", "territoire": ""}
    await app.submit(bruno, "highlights.edit", values, "1", answers)
    assert "Seule la personne qui a publié" in answers.text
    [highlight] = await rows(db, Highlight)
    assert highlight.text == "Vrai #emploi"


async def test_withdraw_by_author_other_person_refused_coordinator_allowed(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")  # first person of the table: coordinator
    await chat.type("/outarde aide")
    await chat.type(":moi Alice", "/faitsaillant Premier #emploi", "/faitsaillant Deuxième #emploi")
    first, second = chat.last_buttons("Retirer")[-2:]
    out = await chat.type(":moi Bruno", f":clic {first}")
    assert "Seule la personne qui l'a publié, ou la coordination" in out
    assert all(h.withdrawn_at is None for h in await rows(db, Highlight))
    out = await chat.type(":moi Alice", f":clic {first}")
    assert "Ce fait saillant a été retiré par Alice" in out
    assert "Le fait saillant est retiré" in out
    out = await chat.type(":moi Coco", f":clic {second}")
    assert "Ce fait saillant a été retiré par Coco" in out
    out = await chat.type("/faitsaillant liste")
    assert "Aucun fait saillant trouvé" in out
    out = await chat.type(f":clic {second}")
    assert "Ce fait saillant a été retiré." in out


async def test_undo_a_withdrawal(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice", "/faitsaillant Info #emploi")
    await chat.type(f":clic {chat.last_buttons('Retirer')[-1]}")
    out = await chat.type(f":clic {chat.last_buttons('Annuler le retrait')[-1]}")
    assert "Le fait saillant est de retour." in out and "Thèmes : #emploi" in out
    out = await chat.type("/faitsaillant liste")
    assert "Faits saillants : 1" in out


async def test_a_theme_list_leaves_out_the_withdrawn_and_takes_back_the_restored(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice", "/faitsaillant Premier #santé", "/faitsaillant Deuxième #santé")
    await chat.type(f":clic {chat.last_buttons('Retirer')[-1]}")
    out = await chat.type("/faitsaillant liste #sante")
    assert "Faits saillants : 1" in out and "Deuxième" not in out
    assert sorted(tag.shown for tag in await rows(db, HighlightTag)) == [False, True]
    out = await chat.type("/faitsaillant liste #sante depuis 1 an")  # with a period: joined
    assert "Faits saillants : 1" in out and "Deuxième" not in out
    await chat.type(f":clic {chat.last_buttons('Annuler le retrait')[-1]}")
    out = await chat.type("/faitsaillant liste #sante")
    assert "Faits saillants : 2" in out and "Deuxième" in out
    assert all(tag.shown for tag in await rows(db, HighlightTag))


async def test_only_the_coordination_undoes_its_own_withdrawal(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde aide")  # first person of the table: coordinator
    await chat.type(":moi Bob", "/faitsaillant Info #emploi")
    await chat.type(":moi Coco", f":clic {chat.last_buttons('Retirer')[-1]}")
    undo = chat.last_buttons("Annuler le retrait")[-1]
    out = await chat.type(":moi Bob", f":clic {undo}")
    assert "elle seule peut annuler ce retrait" in out
    [highlight] = await rows(db, Highlight)
    assert highlight.withdrawn_at is not None and highlight.withdrawn_by == "coco"
    out = await chat.type(":moi Coco", f":clic {undo}")
    assert "Le fait saillant est de retour." in out


async def test_a_withdrawal_stored_with_the_author_name_can_still_be_undone(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde aide", ":moi Bob", "/faitsaillant Info #emploi")
    await chat.type(f":clic {chat.last_buttons('Retirer')[-1]}")
    async with db.session() as session:  # as rows were written before ids were stored
        [highlight] = (await session.exec(select(Highlight))).all()
        highlight.withdrawn_by = "Bob"
        session.add(highlight)
        await session.commit()
    out = await chat.type(f":clic {chat.last_buttons('Annuler le retrait')[-1]}")
    assert "Le fait saillant est de retour." in out


async def test_crafted_values_are_refused(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    alice = Invocation(PLACE, Actor("alice", "Alice"))
    await app.command(alice, "faitsaillant", "Info #emploi", answers)
    other = Invocation(Place("console", "autre", "general"), Actor("alice", "Alice"))
    for value in ("", "abc", "-1", "1; DROP", "9" * 40, "999"):
        answers = Answers()
        await app.action(alice, "highlights.useful", value, answers)
        assert "Je ne trouve pas ce fait saillant" in answers.text, value
    for action in ("highlights.useful", "highlights.withdraw", "highlights.edit"):
        answers = Answers()
        await app.action(other, action, "1", answers)  # id 1 belongs to another workspace
        assert "Je ne trouve pas ce fait saillant ici" in answers.text
    answers = Answers()
    await app.action(alice, "highlights.page", "x|||||", answers)
    assert "Faits saillants : 1" in answers.text


# -- the list -----------------------------------------------------------------------------------
async def seed_list(chat, clock) -> None:  # type: ignore[no-untyped-def]
    """Alice: 1 oct #emploi, Bruno: 3 oct #logement, Alice: 5 oct #emploi #logement, Bruno: now."""
    clock.set(clock.now() - timedelta(days=6))  # jeudi 30 septembre 14 h
    await chat.type(":moi Alice CDC", "/faitsaillant Salon de l'emploi #emploi")
    clock.advance(timedelta(days=2))
    await chat.type(":moi Bruno CLD", "/faitsaillant Nouveaux logements #Logement")
    clock.advance(timedelta(days=2))
    await chat.type(":moi Alice", "/faitsaillant Coop d'habitation qui embauche #emploi #logement")
    clock.advance(timedelta(days=2))
    await chat.type(":moi Bruno", "/faitsaillant Fermeture de la clinique #sante")


async def test_list_filters_date_theme_person_and_combined(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await seed_list(chat, clock)
    out = await chat.type("/faitsaillant liste")
    assert "Faits saillants : 4 (tous)" in out
    assert out.index("Fermeture de la clinique") < out.index("Salon de l'emploi")  # newest first
    out = await chat.type("/faitsaillant liste depuis le 2 octobre")
    assert "Faits saillants : 3" in out and "Salon" not in out
    out = await chat.type("/faitsaillant liste #LOGEMENT")
    assert "Faits saillants : 2 (#logement)" in out and "Nouveaux logements" in out
    out = await chat.type("/faitsaillant liste @Alice")
    assert "Faits saillants : 2 (d'Alice)" in out and "Nouveaux logements" not in out
    out = await chat.type("/faitsaillant liste #emploi @alice depuis le 3 octobre")
    assert "Faits saillants : 1" in out and "Coop d'habitation" in out
    out = await chat.type("/faitsaillant liste depuis 2 semaines #santé")
    assert "Faits saillants : 1" in out and "Fermeture de la clinique" in out
    out = await chat.type("/faitsaillant liste #culture")
    assert "Aucun fait saillant trouvé (#culture)" in out


async def test_list_refuses_bad_filters_clearly(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await seed_list(chat, clock)
    out = await chat.type("/faitsaillant liste depuis la Saint-Glinglin")
    assert "Je n'ai pas compris la date" in out
    out = await chat.type("/faitsaillant liste #emploi #logement")
    assert "Un seul thème et une seule personne à la fois" in out
    out = await chat.type("/faitsaillant liste d'attente allongée")
    assert "utilisez `/faitsaillant` seul (formulaire)" in out


async def test_list_pages_keep_the_filters(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice")
    for number in range(13):
        clock.advance(timedelta(hours=1))
        await chat.type(f"/faitsaillant Nouvelle numéro {number} #emploi")
    await chat.type("/faitsaillant Autre chose #culture")
    out = await chat.type("/faitsaillant liste #emploi")
    assert "Faits saillants : 13 (#emploi)" in out and "Page 1 sur 2" in out
    assert "numéro 12" in out and "numéro 2 " not in out
    out = await chat.type(f":clic {chat.last_buttons('Suivant ▶')[-1]}")
    assert "Page 2 sur 2" in out and "numéro 0 " in out and "numéro 2 " in out
    assert "Autre chose" not in out
    out = await chat.type(f":clic {chat.last_buttons('◀ Précédent')[-1]}")
    assert "Page 1 sur 2" in out


async def test_page_buttons_fit_discord(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi " + "Alice")
    for number in range(11):
        await chat.type(f"/faitsaillant Info {number} #{'x' * 30}")  # the longest theme
    await chat.type("/faitsaillant liste depuis hier #" + "x" * 30 + " @alice")
    button = chat.buttons[chat.last_buttons("Suivant ▶")[-1]][0]
    assert len(f"{button.action_id}:{button.value}") <= 100


async def test_update_message_keys(app) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    alice = Invocation(PLACE, Actor("alice", "Alice"))
    await app.command(alice, "faitsaillant", "Info #emploi", answers)
    assert answers.sent[0].key == "highlights.item:1"
    assert "Info #emploi" in plain_text(answers.sent[0])
    await app.action(Invocation(PLACE, Actor("bruno", "Bruno")), "highlights.useful", "1", answers)
    [(_, _, updated)] = app.notifier.updates
    assert updated.key == "highlights.item:1" and "Utile pour 1 personne ·" in plain_text(updated)


async def test_non_ascii_digits_in_buttons_are_refused_clearly(app) -> None:  # type: ignore[no-untyped-def]
    """« ² » passes str.isdigit but is not a number: a clear refusal, never an apology."""
    inv = Invocation(PLACE, Actor("alice", "Alice"))
    for action_id, value in (("highlights.useful", "²"), ("highlights.page", "1|²||")):
        answers = Answers()
        await app.action(inv, action_id, value, answers)
        assert answers.sent and "Oups" not in answers.text, (action_id, answers.text)
