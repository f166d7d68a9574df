"""/outarde bilan as files: the .docx read back with python-docx (headings, tables, figures,
the chart) and the CSV, against seeded data, in French and English."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from docx import Document
from sqlmodel import select

from bot.context import Actor, Invocation
from storage.models import Member
from storage.models.followup import FollowupItem
from storage.models.meetings import Meeting, Rsvp, TrioSeat
from storage.models.polls import Poll, PollVoter, ScoreTally
from testkit.doubles import Answers


def at(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 17, 0, tzinfo=UTC)


async def seed(app, chat, language: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Two meetings (quorum met once), the trio, follow-up, three evaluations (one below the
    anonymity threshold), a departed organisation and an adhesion."""
    await chat.type(
        ":moi Coco CDC des Collines / communautaire",
        f"/outarde config langue {language}",
        "/outarde config quorum 2",
        "/outarde config seuil_anonymat 3",
        ":moi Bruno CLD des Collines / économie",
        ":moi Alice Maison des jeunes / communautaire",
        ":moi Coco",
        "/partenaire ajouter Centre d'emploi / emploi",
        "/partenaire retirer Centre d'emploi",
        "/faitsaillant Ouverture d'une halte-garderie #famille",
        "/faitsaillant Nouvel horaire de la friperie #famille",
        "/vocab proposer mobilisation : action de rassembler les acteurs autour d'un projet",
        "/vocab adopter mobilisation",
        "/charte proposer Nous agissons ensemble pour le territoire.",
        "/charte adopter",
        "/partenaire adhesion CDC des Collines",
    )
    async with app.db.session() as session:
        people = {m.display_name: m for m in (await session.exec(select(Member))).all()}
        ws = people["Coco"].workspace
        coco, bruno, alice = (people[n].user_id for n in ("Coco", "Bruno", "Alice"))
        first = Meeting(
            workspace=ws,
            channel="c",
            title="Rencontre de mai",
            starts_at=at(5, 10),
            status="planned",
            created_by=coco,
            created_at=at(4, 20),
        )
        second = Meeting(
            workspace=ws,
            channel="c",
            title="Rencontre de septembre",
            starts_at=at(9, 15),
            status="planned",
            created_by=coco,
            created_at=at(8, 20),
        )
        session.add(first)
        session.add(second)
        await session.flush()
        for meeting, user, answer in (
            (first, coco, "present"),
            (first, bruno, "present"),
            (first, alice, "absent"),
            (second, coco, "present"),
        ):
            session.add(
                Rsvp(
                    workspace=ws,
                    meeting_id=meeting.id,
                    user_id=user,
                    answer=answer,
                    answered_at=meeting.created_at,
                )
            )
        for meeting, role, user in (
            (first, "animation", coco),
            (second, "animation", coco),
            (second, "synthese", bruno),
        ):
            session.add(
                TrioSeat(
                    workspace=ws, meeting_id=meeting.id, role=role, user_id=user, status="accepted"
                )
            )
        for kind, status, due, done in (
            ("decision", "prise", None, None),
            ("action", "faite", at(6, 1), at(6, 20)),  # done, but late
            ("action", "ouverte", at(7, 1), None),  # still open past its date
            ("action", "ouverte", None, None),
        ):
            session.add(
                FollowupItem(
                    workspace=ws,
                    channel="c",
                    kind=kind,
                    text="Suivi",
                    owner_id=bruno,
                    status=status,
                    due_at=due,
                    done_at=done,
                    recorded_by=coco,
                    created_at=at(5, 10),
                )
            )
        for created, scores in (
            (at(5, 10), {3: 2, 4: 2}),
            (at(9, 15), {4: 2, 5: 2}),
            (at(9, 30), {1: 1}),
        ):
            poll = Poll(
                workspace=ws,
                channel="c",
                author_id=coco,
                kind="evaluation",
                question=f"Évaluation {created:%m-%d}",
                anonymous=True,
                created_at=created,
                closed_at=created,
            )
            session.add(poll)
            await session.flush()
            for index in range(sum(scores.values())):
                session.add(PollVoter(workspace=ws, poll_id=poll.id, user_id=f"u{index}"))
            for score, count in scores.items():
                session.add(
                    ScoreTally(workspace=ws, poll_id=poll.id, criterion=0, score=score, count=count)
                )
        await session.commit()
    return {"coco": coco}


async def files(app, chat, coco: str, command: str) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    answers = Answers()
    await app.command(Invocation(chat.place, Actor(coco, "Coco")), "outarde", command, answers)
    (message,) = answers.sent
    return {file.name: file.data for file in message.files}


def table_after(document, heading: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The cells of the table that follows ``heading`` in the document's body."""
    body = document.element.body
    tables = iter(document.tables)
    found = False
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p" and "".join(child.xpath(".//w:t/text()")) == heading:
            found = True
        elif tag == "tbl":
            table = next(tables)
            if found:
                return [[cell.text for cell in row.cells] for row in table.rows]
        elif tag == "p" and found and child.xpath(".//w:pStyle[starts-with(@w:val, 'Heading')]"):
            return []
    raise AssertionError(f"no heading {heading}")


EVALUATIONS = {"fr": "Sondages et évaluations", "en": "Polls and evaluations"}
EXPECTED = {
    "fr": {
        "title": "Bilan de la table 2026-2027",
        "headings": [
            "Indicateurs",
            "Rencontres tenues",
            "Participation par organisme",
            "Rotation du trio d'animation",
            "Faits saillants par thème",
            "Vocabulaire commun : définitions adoptées",
            "Charte",
            "Sondages et évaluations",
            "Organismes",
            "Passations",
            "Adhésions à la charte",
        ],
        "figures": {
            "Rencontres tenues": "2",
            "Quorum atteint": "1 rencontres sur 2",
            "Faits saillants partagés": "2",
            "Définitions adoptées": "1",
            "Décisions prises": "1",
            "Actions": "3 (1 faites, 2 en retard, 2 encore ouvertes)",
            "Évaluations (résultats affichables)": "3 (2)",
            "Adhésions à la charte": "1 organisme sur 3 (charte en vigueur : version 1)",
        },
        "meeting": ["10 mai 2026", "Rencontre de mai", "2", "2", "oui"],
        "meeting2": ["15 septembre 2026", "Rencontre de septembre", "1", "1", "non"],
        "evaluations": ["3,5", "4,5", "masquée (anonymat)"],
        "departed": ["Centre d'emploi", "départ"],
        "trend": "Tendance : les évaluations montent de 1,0 point sur l'année.",
    },
    "en": {
        "title": "The table's year in review 2026-2027",
        "headings": ["Figures", "Meetings held", "Attendance by organisation"],
        "figures": {
            "Meetings held": "2",
            "Decisions taken": "1",
            "Actions": "3 (1 done, 2 late, 2 still open)",
        },
        "meeting": ["May 10, 2026", "Rencontre de mai", "2", "2", "yes"],
        "meeting2": ["September 15, 2026", "Rencontre de septembre", "1", "1", "no"],
        "evaluations": ["3.5", "4.5", "hidden (anonymity)"],
        "departed": ["Centre d'emploi", "departed"],
        "trend": None,
    },
}


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_the_docx_report_matches_the_data(app, chat, language: str) -> None:  # type: ignore[no-untyped-def]
    expected = EXPECTED[language]
    coco = (await seed(app, chat, language))["coco"]
    attached = await files(app, chat, coco, "bilan 2026-2027")
    assert set(attached) == {"bilan-2026-2027.docx", "bilan-2026-2027.md", "bilan-2026-2027.csv"}
    document = Document(io.BytesIO(attached["bilan-2026-2027.docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    title = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert title == [expected["title"]]
    for heading in expected["headings"]:
        assert heading in headings, headings
    figures = dict((row[0], row[1]) for row in table_after(document, expected["headings"][0])[1:])
    for label, value in expected["figures"].items():
        assert figures[label] == value, (label, figures)
    meetings = table_after(document, expected["headings"][1])
    assert meetings[1:] == [expected["meeting"], expected["meeting2"]]
    attendance = table_after(document, expected["headings"][2])
    assert attendance[1:] == [["CDC des Collines", "2"], ["CLD des Collines", "1"]]
    averages = [row[-1] for row in table_after(document, EVALUATIONS[language])][1:]
    assert averages == expected["evaluations"]
    assert len(document.inline_shapes) == 1  # the evaluation chart
    if expected["trend"]:
        assert expected["trend"] in [p.text for p in document.paragraphs]
    rows = list(csv.reader(io.StringIO(attached["bilan-2026-2027.csv"].decode("utf-8-sig"))))
    assert [rows[0][0]] == ["Section"]
    assert any(row[1:3] == expected["departed"] for row in rows), rows
    assert any(row[1:] == expected["meeting"] for row in rows)


async def test_the_trio_and_adhesions_in_the_docx(app, chat) -> None:  # type: ignore[no-untyped-def]
    coco = (await seed(app, chat, "fr"))["coco"]
    document = Document(io.BytesIO((await files(app, chat, coco, "bilan"))["bilan-2026-2027.docx"]))
    assert table_after(document, "Rotation du trio d'animation")[1:] == [
        ["Coco", "2"],
        ["Bruno", "1"],
    ]
    adhesions = table_after(document, "Adhésions à la charte")
    assert [row[:2] for row in adhesions[1:]] == [["CDC des Collines", "1"]]
    organisations = table_after(document, "Organismes")
    assert ["Centre d'emploi", "départ"] in organisations


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_one_organisation_sees_its_own_participation(app, chat, language: str) -> None:  # type: ignore[no-untyped-def]
    await seed(app, chat, language)
    word = "organisme" if language == "fr" else "organisation"
    review = "bilan" if language == "fr" else "review"
    out = await chat.type(":moi Bruno", f"/outarde {review} {word} CLD des Collines 2026-2027")
    if language == "fr":
        assert "Participation de CLD des Collines — 2026-2027" in out
        assert "*Rencontres* : présent à 1 sur 2 tenues" in out
        assert "*Actions* : 3 (1 faites, 2 en retard, 2 encore ouvertes)" in out
        assert "• Synthèse : 1" in out
        assert "jamais donnés par organisme" in out
        assert "bilan-2026-2027-CLD-des-Collines.docx" in out
    else:
        assert "Participation of CLD des Collines — 2026-2027" in out
        assert "*Meetings*: present at 1 of 2 held" in out
        assert "• Synthesis: 1" in out
    out = await chat.type(f"/outarde {review} {word} CDC des Collines")
    assert "*CDC des Collines*" in out and ("coordination" in out or "coordinators" in out)
    out = await chat.type(":moi Coco", f"/outarde {review} {word} Nulle part")
    assert "Nulle part" in out and "/partenaire" in out


async def test_the_organisation_docx(app, chat) -> None:  # type: ignore[no-untyped-def]
    coco = (await seed(app, chat, "fr"))["coco"]
    attached = await files(app, chat, coco, "bilan organisme CDC des Collines | 2026-2027")
    document = Document(io.BytesIO(attached["bilan-2026-2027-CDC-des-Collines.docx"]))
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        "Participation de CDC des Collines — 2026-2027"
    ]
    figures = dict((r[0], r[1]) for r in table_after(document, "Indicateurs")[1:])
    assert figures["Rencontres"] == "présent à 2 sur 2 tenues"
    assert figures["Adhésions à la charte"].startswith("version 1 (le ")
    assert table_after(document, "Rotation du trio d'animation")[1:] == [["Animation", "2"]]
    assert "Sondages et évaluations" not in [p.text for p in document.paragraphs]
