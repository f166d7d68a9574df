"""The welcome of newcomers (/partenaire moi, /accueil) and the year in review (/outarde bilan)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.errors import UserError
from bot.features.overview.period import parse_period, parse_start
from storage.models.overview import Welcomed


async def welcomed(app) -> list[str]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        return sorted(w.user_id for w in (await session.exec(select(Welcomed))).all())


async def test_a_newcomer_gets_the_table_state_once(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(
        ":moi Coco",
        "/rencontre planifier jeudi 13 h 30 | Salle du conseil | Rencontre d'automne",
        ":clic 1",
        "/accueil texte La Table des Collines réunit 30 organismes depuis 2012.",
        "/charte proposer Nous agissons ensemble pour le développement social du territoire.",
        "/charte adopter",
        "/vocab proposer mobilisation : action de rassembler les acteurs autour d'un projet",
        "/vocab adopter mobilisation",
        "/faitsaillant Ouverture d'une halte-garderie à Wakefield #famille",
    )
    out = await chat.type(":moi Bruno", "/partenaire moi CLD des Collines / économie")
    assert "C'est noté : vous représentez *CLD des Collines*" in out
    assert "Bienvenue à la table, Bruno!" in out
    assert "La Table des Collines réunit 30 organismes depuis 2012." in out
    assert "Notre charte (adoptée le 6 octobre 2026)" in out
    assert "développement social du territoire" in out
    assert "jeudi 8 octobre 2026 à 13 h 30 — *Rencontre d'automne* (Salle du conseil)" in out
    assert "*mobilisation* — action de rassembler" in out
    assert "halte-garderie à Wakefield" in out
    assert "`/outarde aide`" in out
    out = await chat.type("/partenaire moi Maison des jeunes")  # a second organisation
    assert "Bienvenue" not in out
    assert await welcomed(app) == ["bruno"]


async def test_the_coordination_edits_the_welcome_text(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/accueil")
    assert "Cette table de concertation réunit" in out and "Aucune rencontre n'est planifiée" in out
    out = await chat.type(
        ":moi Bruno",
        "/accueil texte Un autre texte",
        ":moi Coco",
        "/accueil texte",
        "/accueil texte @everyone venez",
        "/accueil texte " + "x" * 1501,
    )
    assert "Seule la coordination" in out and "mentions de masse" in out
    assert "trop long (1501 caractères)" in out
    out = await chat.type("/accueil texte Notre table, en bref.", "/accueil")
    assert "Notre table, en bref." in out and "Cette table de concertation réunit" not in out
    out = await chat.type("/accueil effacer", "/accueil", "/accueil effacer")
    assert "reprend le texte par défaut" in out and "Cette table de concertation réunit" in out
    assert "utilisait déjà le texte par défaut" in out


async def test_welcome_in_english(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config langue en")
    out = await chat.type(":moi Dana", "/partenaire me Food bank / food security")
    assert "Welcome to the table, Dana!" in out and "No meeting is planned for now." in out
    assert "Only you can see this message." in out


def test_fiscal_years() -> None:
    start = parse_start("1er avril")
    assert start == "04-01" and parse_start("April 1") == "04-01" and parse_start("1 janvier")
    with pytest.raises(UserError):
        parse_start("31 février")
    assert parse_period("", date(2026, 5, 10), start).label == "2025-2026"  # report season
    assert parse_period("", date(2026, 10, 6), start).label == "2026-2027"
    assert parse_period("précédent", date(2026, 10, 6), start).label == "2025-2026"
    assert parse_period("2024-25", date(2026, 10, 6), start).label == "2024-2025"
    assert parse_period("2025", date(2026, 10, 6), "01-01").label == "2025"
    for bad in ("2025-2028", "hier", "1999"):
        with pytest.raises(UserError):
            parse_period(bad, date(2026, 10, 6), start)


async def test_the_year_in_review(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(
        ":moi Coco CDC des Collines / communautaire",
        "/outarde config quorum 2",
        ":moi Bruno CLD des Collines / économie",
        ":moi Coco",
        "/rencontre planifier jeudi 13 h 30 | Salle du conseil | Rencontre d'automne",
    )
    out = await chat.type(":clic 1", ":clic 3", ":moi Bruno", ":clic 3")
    assert "Présent·es : 2" in out
    await chat.type(
        "/faitsaillant Ouverture d'une halte-garderie #famille #sante",
        "/faitsaillant Nouvel horaire de la friperie #famille",
        ":moi Coco",
        "/vocab proposer mobilisation : action de rassembler les acteurs autour d'un projet",
        "/vocab adopter mobilisation",
        '/sondage "Date du lac-à-l\'épaule ?" "Mai" "Juin"',
    )
    clock.advance(timedelta(days=3))
    out = await chat.type("/outarde bilan en cours")
    assert "Bilan de la table 2026-2027" in out
    assert "Du 1er avril 2026 au 31 mars 2027." in out
    assert "*Rencontres tenues* : 1" in out and "*Quorum atteint* : 1 rencontres sur 1" in out
    assert "• CDC des Collines : 1 rencontre(s)" in out and "• CLD des Collines : 1" in out
    assert "*Faits saillants partagés* : 2" in out and "*Définitions adoptées* : 1" in out
    assert "• famille : 2 fait(s) saillant(s)" in out and "• sante" in out.lower()
    assert "• mobilisation (adoptée le 6 octobre 2026)" in out
    assert "bilan-2026-2027.md" in out
    out = await chat.type(":moi Bruno", "/outarde bilan", ":moi Coco", "/outarde bilan 2030-2035")
    assert "Seule la coordination" in out and "deux années qui se suivent" in out


async def test_the_review_report_file_matches_the_data(chat, app) -> None:  # type: ignore[no-untyped-def]
    from bot.context import Actor, Invocation
    from testkit.doubles import Answers

    await chat.type(
        ":moi Coco CDC des Collines",
        "/faitsaillant Ouverture d'une halte-garderie #famille",
        "/vocab proposer mobilisation : action de rassembler les acteurs autour d'un projet",
        "/vocab adopter mobilisation",
    )
    answers = Answers()
    inv = Invocation(chat.place, Actor("coco", "Coco"))
    await app.command(inv, "outarde", "bilan 2026-2027", answers)
    (message,) = answers.sent
    (report,) = [file for file in message.files if file.name.endswith(".md")]
    text = report.data.decode("utf-8")
    assert report.name == "bilan-2026-2027.md" and report.mime_type == "text/markdown"
    assert text.startswith("# Bilan de la table 2026-2027\n")
    assert "| Rencontres tenues | 0 |" in text and "| Faits saillants partagés | 1 |" in text
    assert "## Faits saillants par thème\n\n- famille : 1 fait(s) saillant(s)" in text
    assert "- mobilisation (adoptée le 6 octobre 2026)" in text
    assert "## Rencontres tenues\n\n_Rien pour cette période._" in text
