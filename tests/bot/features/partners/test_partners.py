"""/partenaire: profiles, the map by sector, the mandated marker, organisations still missing."""

from __future__ import annotations

from sqlmodel import select

from storage.models import Member
from storage.models.partners import Organisation


async def organisations(app) -> list[str]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return sorted(o.name for o in (await session.exec(select(Organisation))).all())


async def test_the_map_groups_organisations_by_sector(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco CDC des Collines / communautaire",
        ":moi Alice Maison des jeunes / communautaire",
        ":moi Bruno CISSS des Laurentides / santé",
        ":moi Chloé cisss des laurentides",  # same organisation, accents and case ignored
        "/partenaire liste",
    )
    assert "Carte des partenaires (3 organismes)" in out
    assert "*communautaire*\n• *CDC des Collines* — Coco\n• *Maison des jeunes* — Alice" in out
    assert "*santé*\n• *CISSS des Laurentides* — Bruno, Chloé" in out
    assert "Organismes sans personne ici : 0." in out


async def test_mandated_people_are_marked(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco CDC / communautaire",
        ":moi Alice CLD / économie",
        "/partenaire mandat oui",
        "/partenaire liste",
    )
    assert "Alice est mandaté·e" in out and "*CLD* — Alice ✅" in out
    assert "*CDC* — Coco" in out and "Coco ✅" not in out
    out = await chat.type(":moi Coco", "/partenaire mandat @Alice non", "/partenaire liste")
    assert "Alice n'est plus mandaté·e" in out and "Alice ✅" not in out
    out = await chat.type(
        ":moi Bruno", "/partenaire mandat @Coco oui", "/partenaire mandat peut-être"
    )
    assert "Seule la coordination de la table" in out and "oui/non" in out


async def test_coordinators_add_and_remove_missing_organisations(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco CDC / communautaire",
        "/partenaire ajouter Centre d'emploi / emploi",
        "/partenaire liste",
    )
    assert "*Centre d'emploi* est ajouté" in out
    assert "*emploi*\n• *Centre d'emploi* — _personne ici pour l'instant_" in out
    assert "Organismes sans personne ici : 1." in out
    out = await chat.type(
        ":moi Alice CLD",
        "/partenaire ajouter Carrefour jeunesse",
        "/partenaire retirer Centre d'emploi",
    )
    assert out.count("Seule la coordination de la table") == 2
    assert await organisations(app) == ["CDC", "CLD", "Centre d'emploi"]
    out = await chat.type(
        ":moi Coco", "/partenaire retirer centre d'EMPLOI", "/partenaire retirer Rien"
    )
    assert "*Centre d'emploi* est retiré" in out
    assert "Je ne trouve pas l'organisme « Rien »" in out
    assert await organisations(app) == ["CDC", "CLD"]


async def test_bad_organisation_names_are_refused(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco",
        "/partenaire moi",
        "/partenaire moi " + "x" * 130,
        "/partenaire moi @everyone / tous",
        "/partenaire ajouter",
    )
    assert out.count("Il manque le nom de l'organisme") == 2
    assert "trop long" in out and "mentions de masse" in out
    assert await organisations(app) == []


async def test_each_workspace_has_its_own_map(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco CDC / communautaire")
    out = await chat.type(":espace autre", ":moi Eve", "/partenaire liste", "/partenaire")
    assert out.count("La carte des partenaires est vide") == 2


async def test_refusals_quote_only_the_start_of_a_long_text(chat) -> None:  # type: ignore[no-untyped-def]
    """A 20,000-character organisation or word is quoted back cut short, not in full."""
    await chat.type(":moi Coco")
    for line in (f"/partenaire retirer {'x' * 20_000}", f"/partenaire {'x' * 20_000}"):
        out = await chat.type(line)
        assert "⚠️" in out and len(out) < 1500, len(out)


async def test_removing_an_organisation_detaches_its_people(chat, app) -> None:  # type: ignore[no-untyped-def]
    from tests.bot.features.meetings.test_meetings import plan

    await chat.type(":moi Coco", "/rencontre")  # the first to act coordinates
    for name, organisation in [("Ana", "CDC"), ("Bea", "CLD"), ("Cyr", "CISSS"), ("Dan", "CISSS")]:
        await chat.type(f":moi {name} {organisation}")
    await chat.type(":moi Dora MDJ", ":moi Coco", "/partenaire mandat @Cyr oui")
    out = await chat.type("/partenaire retirer cisss", "/partenaire retirer MDJ", "/partenaire")
    assert "*CISSS* est retiré de la carte des partenaires. 2 personnes le représentaient" in out
    assert "`/partenaire moi ORGANISME / secteur`" in out
    assert "*MDJ* est retiré de la carte des partenaires. 1 personne le représentait" in out
    assert "Cyr" not in out.split("Carte des partenaires")[-1]
    async with app.db.session() as session:
        members = (await session.exec(select(Member).where(Member.user_id == "cyr"))).all()
    assert [(m.organisation, m.mandated) for m in members] == [(None, False)]
    await plan(chat)
    out = await chat.type("/rencontre trio")  # CISSS and MDJ people are not proposed
    assert "<@cyr>" not in out and "<@dan>" not in out and "<@dora>" not in out
    out = await chat.type(":moi Cyr CLSC / santé", "/partenaire")
    assert "*CLSC* — Cyr" in out


async def test_wordless_organisation_names_are_refused(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Alice", "/partenaire moi /", "/partenaire moi / santé")
    out += await chat.type("/partenaire moi -- / santé", "/partenaire moi CDC / ...")
    assert out.count("Il manque le nom de l'organisme") == 2
    assert out.count("ne peut pas servir de nom") == 2
    assert "Exemple : `/partenaire moi CDC des Collines / communautaire`" in out
    assert await organisations(app) == []
    out = await chat.type("/partenaire moi Centre 24/7 / santé", "/partenaire")
    assert "*Centre 24/7*" in out


async def test_adding_an_existing_organisation_says_so(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco",
        "/partenaire ajouter CDC / communautaire",
        "/partenaire ajouter cdc",
        "/partenaire ajouter CDC / Communautaire",
        "/partenaire ajouter CDC / économie sociale",
    )
    assert "*CDC* est ajouté à la carte des partenaires (secteur : communautaire)." in out
    assert (
        out.count("*CDC* existe déjà sur la carte des partenaires (secteur : communautaire)") == 2
    )
    assert "son secteur passe de « communautaire » à « économie sociale »" in out
    assert out.count("est ajouté") == 1


async def test_sector_headings_keep_their_first_spelling(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(
        ":moi Coco CDC / communautaire",
        ":moi Alice CDC / Communautaire",  # a member cannot rename the sector
        ":moi Bruno Maison des jeunes / COMMUNAUTAIRE",
    )
    out = await chat.type("/partenaire liste")
    assert "*communautaire*\n• *CDC* — Alice, Coco\n• *Maison des jeunes* — Bruno" in out
    assert "Communautaire*" not in out and "COMMUNAUTAIRE" not in out
    out = await chat.type(":moi Alice CDC / santé")
    assert (
        "(secteur : communautaire). Le secteur de l'organisme *CDC* reste celui déjà inscrit" in out
    )


async def test_the_map_title_counts_in_the_singular_too(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco CDC / communautaire", "/partenaire")
    assert "Carte des partenaires (1 organisme)" in out
    out = await chat.type(":moi Coco", "/outarde config langue en", "/partenaire")
    assert "Partners' map (1 organisation)" in out


async def test_an_organisation_nobody_named_goes_with_its_last_representative(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Nadia",
        "/partenaire moi Maison de la famile de Lachute",
        "/partenaire moi Maison de la famille de Lachute",
    )
    assert "*Maison de la famile de Lachute* n'a plus personne ici" in out
    assert "il est retiré de la carte des partenaires" in out
    out = await chat.type(":moi Karim CLD", ":moi Luc CLD", ":moi Karim CDC", "/partenaire moi cdc")
    assert "retiré de la carte" not in out  # Luc still represents the CLD; CDC is the same
    assert await organisations(app) == ["CDC", "CLD", "Maison de la famille de Lachute"]


async def test_an_organisation_the_coordination_named_stays_with_nobody(chat, app) -> None:  # type: ignore[no-untyped-def]
    """The coordination expects it at the table: the reply says how to remove it."""
    out = await chat.type(
        ":moi Nadia",
        "/partenaire ajouter Carrefour jeunesse-emploi / emploi",
        "/partenaire moi Carrefour jeunesse-emploi",
        "/partenaire moi CDC des Collines",
    )
    assert "*Carrefour jeunesse-emploi* reste sur la carte des partenaires, sans personne" in out
    assert "`/partenaire retirer Carrefour jeunesse-emploi`" in out
    assert await organisations(app) == ["CDC des Collines", "Carrefour jeunesse-emploi"]


async def test_an_organisation_without_sector_is_worded_once(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Marie", "/partenaire moi Tremblay", "/partenaire ajouter Rivard")
    assert "vous représentez *Tremblay* (secteur non précisé)." in out
    assert "`/partenaire moi Tremblay / communautaire`" in out
    assert "*Rivard* est ajouté à la carte des partenaires (secteur non précisé)." in out
    assert "secteur : secteur" not in out
    out = await chat.type("/partenaire ajouter Rivard / santé", "/outarde config langue en")
    assert "son secteur passe de « secteur non précisé » à « santé »" in out
    out = await chat.type("/partenaire me Tremblay")
    assert "you represent *Tremblay* (sector not given)." in out


async def test_a_coordinators_mandate_change_is_said_in_the_channel(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Nadia CDC", ":moi Karim CLD / économie", ":moi Nadia")
    out = await chat.type("/partenaire mandat @Karim oui")
    public = "── Outarde ──"
    assert out.startswith(public) and "<@karim>" not in out
    assert "Mandat mis à jour par Nadia (coordination) : Karim est maintenant mandaté·e" in out
    assert "au nom de *CLD*" in out and "`/partenaire`" in out
    out = await chat.type("/partenaire mandat @Karim oui")
    assert out.startswith("── Outarde (visible") and "rien à changer" in out
    out = await chat.type("/partenaire mandat @Karim non")
    assert out.startswith(public) and "Karim n'est plus mandaté·e" in out
    out = await chat.type("/outarde config langue en", "/partenaire mandate @Karim yes")
    assert "Mandate updated by Nadia (coordinators): Karim is now mandated" in out


async def test_a_mandate_stays_with_its_organisation(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice CDC des Collines / communautaire",
        ":moi Bruno cdc des collines",
        "/partenaire mandat oui",
        "/partenaire moi MRC / municipal",
        "/partenaire",
    )
    assert "Votre mandat était pour *CDC des Collines* : il ne vous suit pas." in out
    assert "*MRC* — Bruno ✅" not in out and "*MRC* — Bruno" in out
    out = await chat.type(":moi Zoé", "/partenaire mandat oui")
    assert "Zoé n'a pas encore indiqué d'organisme" in out
    assert "Zoé est mandaté·e" not in out


async def test_a_long_map_shows_a_page_at_a_time_and_counts_everyone(chat) -> None:  # type: ignore[no-untyped-def]
    lines = [f":moi P{n:02d} Organisme {n:02d} / communautaire" for n in range(30)]
    await chat.type(*lines[:-1], ":moi P00", "/partenaire ajouter Zénith / santé")
    out = await chat.type("/partenaire liste")
    assert "Carte des partenaires (30 organismes)" in out
    assert "*Organisme 00* — P00" in out and "*Organisme 24* — P24" in out
    assert "Organisme 25" not in out and "Zénith" not in out
    assert "Page 1 sur 2" in out and "Organismes sans personne ici : 1." in out
    out = await chat.type(":clic 1")
    assert "*Organisme 25* — P25" in out and "*Zénith* — _personne ici" in out
    assert "Organisme 24" not in out and "Page 2 sur 2" in out


async def test_the_map_names_a_few_people_per_organisation_and_counts_the_others(chat) -> None:  # type: ignore[no-untyped-def]
    lines = [f":moi Personne{n} {'CDC' if n % 2 else 'cdc'} / communautaire" for n in range(10)]
    out = await chat.type(*lines, ":moi Zoé CDC", "/partenaire mandat oui", "/partenaire liste")
    shown = "Zoé ✅, " + ", ".join(f"Personne{n}" for n in range(7))
    assert f"* — {shown} et 3 autres personnes" in out  # both spellings, the mandated first
    assert "Personne7" not in out.split("Carte des partenaires")[-1]
    out = await chat.type(":moi Personne9", "/partenaire moi CLD", "/partenaire liste")
    assert "Personne6 et 2 autres personnes" in out
