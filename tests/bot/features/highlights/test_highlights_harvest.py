"""The récolte: grouping, counts, order, files, default period, schedules, isolation."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.compose import build_core
from bot.context import Place
from bot.features.highlights.commands import reminder_sections
from bot.hooks import HIGHLIGHTS_HARVEST as JOB_KIND
from bot.messages import Message, plain_text
from storage.models import Job
from testkit.doubles import RecordingNotifier

START = datetime(2026, 10, 6, 18, 0, tzinfo=UTC)  # mardi 6 octobre 2026, 14 h à Toronto


async def seed(chat, clock) -> None:  # type: ignore[no-untyped-def]
    """Five highlights; four in the last 30 days; « Utile »: n° 5 twice, n° 3 once."""
    clock.set(START - timedelta(days=60))
    await chat.type(":moi Coco", "/outarde aide")  # the table's first person: coordinator
    await chat.type(":moi Alice CDC des Collines", "/faitsaillant Vieille nouvelle #emploi")
    clock.set(START - timedelta(days=8))  # lundi 28 septembre
    await chat.type("/faitsaillant Salon de l'emploi à Lachute #emploi")
    clock.set(START - timedelta(days=5))  # jeudi 1er octobre
    await chat.type(
        ":moi Bruno CLD", "/faitsaillant Coop d'habitation qui embauche #Logement #emploi"
    )
    clock.set(START - timedelta(days=3))  # samedi 3 octobre
    await chat.type(
        ":moi Chloé", "/faitsaillant Nouvelle navette vers l'hôpital https://navette.org"
    )
    clock.set(START - timedelta(days=1))  # lundi 5 octobre
    await chat.type(":moi Alice", "/faitsaillant Stages d'été payés #emploi")
    clock.set(START)
    useful_5 = chat.last_buttons("👍 Utile")[-1]
    useful_3 = chat.last_buttons("👍 Utile")[-3]
    await chat.type(":moi Bruno", f":clic {useful_5}", ":moi Chloé", f":clic {useful_5}")
    await chat.type(f":clic {useful_3}")


def last_post(chat) -> Message:  # type: ignore[no-untyped-def]
    return list(chat.posted.values())[-1]


def sections(message: Message) -> str:
    return plain_text(message)


async def test_harvest_groups_by_theme_with_counts_in_date_order(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    out = await chat.type("/faitsaillant recolte")
    assert "# 🧺 Récolte des faits saillants" in out
    assert "Du dimanche 6 septembre 2026 à 14 h au mardi 6 octobre 2026 à 14 h" in out
    assert "faits saillants : 4 · thèmes : 3 · personnes : 3 · organismes : 3" in out
    assert "Vieille nouvelle" not in out  # older than 30 days
    emploi, logement, none = (
        out.index("*#emploi (3)*"),
        out.index("*#Logement (1)*"),
        out.index("*Sans thème (1)*"),
    )
    assert emploi < logement < none  # biggest theme first, untagged last
    block = out[emploi:logement]
    assert block.index("Salon") < block.index("Coop") < block.index("Stages")  # date order
    assert "Organismes : CDC des Collines (2), CLD (1)" in block
    assert "Organismes : Chloé (1)" in out[none:]  # display name without a profile
    assert "recolte-2026-10-06.md (text/markdown" in out and "recolte-2026-10-06.csv" in out


async def test_harvest_sorted_by_useful(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    out = await chat.type("/faitsaillant recolte tri utile")
    block = out[out.index("*#emploi (3)*") : out.index("*#Logement")]
    assert block.index("Stages") < block.index("Coop") < block.index("Salon")
    assert "(utile : 2)" in block and "Classés par nombre de mentions « Utile »" in out


async def test_harvest_files(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    await chat.type("/faitsaillant recolte")
    message = last_post(chat)
    markdown, table = message.files
    text = markdown.data.decode()
    assert text.startswith("# 🧺 Récolte des faits saillants\n")
    assert "## #emploi (3)" in text and "## #Logement (1)" in text and "## Sans thème (1)" in text
    assert text.index("## #emploi") < text.index("## #Logement") < text.index("## Sans thème")
    assert "- **lundi 5 octobre 2026 à 14 h** — Alice — CDC des Collines : Stages" in text
    assert "Lien : <https://navette.org>" in text and "(utile : 2)" in text
    assert table.mime_type == "text/csv" and table.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(table.data.decode("utf-8-sig"))))
    assert rows[0] == ["Thème", "Date", "Personne", "Organisme", "Texte", "Lien",
                       "Territoire", "Utile", "N°"]  # fmt: skip
    assert [(r[0], r[4][:5]) for r in rows[1:]] == [
        ("#emploi", "Salon"),
        ("#emploi", "Coop "),
        ("#emploi", "Stage"),
        ("#Logement", "Coop "),
        ("Sans thème", "Nouve"),
    ]
    assert rows[1][1] == "2026-09-28 14:00" and rows[2][2:4] == ["Bruno", "CLD"]
    assert rows[3][7] == "2" and rows[5][5] == "https://navette.org"
    assert rows[5][2:4] == ["Chloé", "Chloé"]  # without a profile, the name, as in the message


async def test_thirty_days_back_across_a_time_change(chat, clock, app) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 11, 22, 0, 40, tzinfo=UTC))  # samedi 21 novembre, 19 h 40
    out = await chat.type(":moi Alice", "/faitsaillant Info #emploi", "/faitsaillant recolte")
    assert "Du jeudi 22 octobre 2026 à 19 h 40 au samedi 21 novembre 2026 à 19 h 40" in out
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, Place("console", "table", "general"), None)
        blocks = await reminder_sections(ctx, None)
    assert "Faits saillants depuis le jeudi 22 octobre 2026 à 19 h 40" in plain_text(
        Message(blocks=blocks)
    )


async def test_harvest_since_a_date_and_bad_dates(chat, clock, db) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    out = await chat.type("/faitsaillant recolte depuis le 2 octobre")
    assert "faits saillants : 2" in out and "Salon" not in out and "Coop" not in out
    posted = len(chat.posted)
    out = await chat.type(
        "/faitsaillant recolte depuis la Saint-Glinglin", "/faitsaillant recolte n'importe quoi"
    )
    assert "Je n'ai pas compris la date" in out
    assert "Exemple : `/faitsaillant recolte depuis le 1er octobre tri utile`" in out
    out = await chat.type("/faitsaillant recolte depuis hier 20h")
    assert "Aucun fait saillant depuis le lundi 5 octobre 2026 à 20 h" in out
    assert len(chat.posted) == posted  # refusals and empty answers are private


async def test_harvest_defaults_to_the_last_meeting(chat, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)

    async def last_meeting(ctx):  # type: ignore[no-untyped-def]
        return START - timedelta(days=4)  # vendredi 2 octobre

    monkeypatch.setitem(chat.app.router.hooks, "meetings.last_meeting_start", [last_meeting])
    out = await chat.type("/faitsaillant recolte")
    assert "Du vendredi 2 octobre 2026 à 14 h" in out and "faits saillants : 2" in out


async def test_harvest_never_includes_another_workspace(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    await chat.type(":espace autre", ":moi Zoé Ailleurs", "/faitsaillant Secret d'ailleurs #emploi")
    out = await chat.type("/faitsaillant recolte", "/faitsaillant liste #emploi")
    assert "faits saillants : 1 " in out and "Salon" not in out and "Stages" not in out
    await chat.type(":espace table", ":moi Alice")
    out = await chat.type("/faitsaillant recolte", "/faitsaillant liste")
    assert "Secret d'ailleurs" not in out and "faits saillants : 4" in out
    markdown, table = last_post_with_files(chat).files
    assert b"Secret" not in markdown.data and b"Secret" not in table.data


def last_post_with_files(chat) -> Message:  # type: ignore[no-untyped-def]
    return [m for m in chat.posted.values() if m.files][-1]


# -- automatic récolte ------------------------------------------------------------------
async def pending_jobs(db) -> list[Job]:  # type: ignore[no-untyped-def]
    async with db.session() as session:
        statement = select(Job).where(Job.kind == JOB_KIND, Job.status == "pending")
        return list((await session.exec(statement)).all())


async def test_weekly_harvest_fires_at_local_time_and_reschedules(chat, clock, app, db) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    out = await chat.type(":moi Bruno", "/faitsaillant recolte auto hebdo lundi 9h")
    assert "Seule la coordination de la table" in out and await pending_jobs(db) == []
    out = await chat.type(":moi Coco", "/faitsaillant recolte auto hebdo lundi 9h")
    assert "chaque lundi à 9 h. Prochaine : lundi 12 octobre 2026 à 9 h" in out
    [job] = await pending_jobs(db)
    assert job.due_at == datetime(2026, 10, 12, 13, 0, tzinfo=UTC) and job.channel == "general"

    clock.set(datetime(2026, 10, 12, 12, 59, tzinfo=UTC))
    assert await app.run_due() == 0
    await chat.type(":moi Alice", "/faitsaillant Nouveau programme #emploi")
    out = await chat.type(":avance 1min")
    assert "Tâches exécutées : 1" in out
    digest = last_post(chat)
    text = sections(digest)
    assert text.startswith("🧺 Récolte de la semaine")
    assert "Du lundi 5 octobre 2026 à 9 h au lundi 12 octobre 2026 à 9 h" in text
    assert "faits saillants : 2" in text and "Stages" in text and "Nouveau programme" in text
    assert [f.name for f in digest.files] == ["recolte-2026-10-12.md", "recolte-2026-10-12.csv"]
    [job] = await pending_jobs(db)
    assert job.due_at == datetime(2026, 10, 19, 13, 0, tzinfo=UTC)

    # the next one covers the time since the previous run only
    clock.set(datetime(2026, 10, 15, 18, 0, tzinfo=UTC))
    await chat.type("/faitsaillant Atelier CV #emploi")
    clock.set(datetime(2026, 10, 19, 13, 0, tzinfo=UTC))
    assert await app.run_due() == 1
    text = sections(last_post(chat))
    assert "Du lundi 12 octobre 2026 à 9 h" in text and "faits saillants : 1" in text
    assert "Atelier CV" in text and "Nouveau programme" not in text


async def test_weekly_harvest_keeps_local_time_across_dst(chat, clock, app, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/faitsaillant recolte auto hebdo lundi 9h")
    for due in (
        datetime(2026, 10, 12, 13, 0, tzinfo=UTC),
        datetime(2026, 10, 19, 13, 0, tzinfo=UTC),
        datetime(2026, 10, 26, 13, 0, tzinfo=UTC),
    ):
        clock.set(due)
        assert await app.run_due() == 1
    [job] = await pending_jobs(db)
    assert job.due_at == datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # 9 h heure normale de l'Est
    clock.set(datetime(2026, 11, 2, 13, 30, tzinfo=UTC))
    assert await app.run_due() == 0
    clock.set(datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
    assert await app.run_due() == 1
    out = "\n".join(chat.transcript[-2:])
    assert (
        "Récolte de la semaine : aucun fait saillant depuis le lundi 26 octobre 2026 à 9 h" in out
    )


async def test_monthly_harvest_on_the_last_day(chat, clock, app, db) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/faitsaillant recolte auto mensuel 31 8 h 30")
    assert "le 31 de chaque mois (le dernier jour des mois plus courts) à 8 h 30. Prochaine" in out
    clock.set(datetime(2026, 10, 31, 12, 30, tzinfo=UTC))
    assert await app.run_due() == 1
    assert "Récolte du mois" in sections(last_post(chat))
    [job] = await pending_jobs(db)
    assert job.due_at == datetime(2026, 11, 30, 13, 30, tzinfo=UTC)  # 30 novembre, 8 h 30 EST


async def test_schedule_survives_a_restart(chat, clock, db) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    await chat.type(":moi Coco", "/faitsaillant recolte auto hebdo mardi 16h")
    await db.dispose()  # the first process stops
    reopened = db.reopen()
    restarted = build_core(reopened, RecordingNotifier(), clock=clock)
    clock.set(datetime(2026, 10, 6, 20, 0, tzinfo=UTC))
    assert await restarted.run_due() == 1
    assert isinstance(restarted.notifier, RecordingNotifier)
    [(place, message)] = restarted.notifier.posts
    assert place == Place("console", "table", "general")
    assert "Récolte de la semaine" in sections(message) and len(message.files) == 2
    [job] = await pending_jobs(reopened)
    assert job.due_at == datetime(2026, 10, 13, 20, 0, tzinfo=UTC)
    await reopened.dispose()


async def test_one_schedule_per_channel_show_and_stop(chat, clock, app, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/faitsaillant recolte auto hebdo lundi 9h")
    await chat.type("/faitsaillant recolte auto hebdo vendredi 15h")
    [job] = await pending_jobs(db)
    assert json.loads(job.payload)["weekday"] == 4
    await chat.type(":canal comite", "/faitsaillant recolte auto mensuel 1er 9h")
    out = await chat.type("/faitsaillant recolte auto")
    assert "• #comite : le 1er de chaque mois à 9 h" in out
    assert "• #general : chaque vendredi à 15 h" in out
    out = await chat.type(":moi Bruno", "/faitsaillant recolte auto arret")
    assert "Seule la coordination de la table" in out
    out = await chat.type(":moi Coco", "/faitsaillant recolte auto arrêt")
    assert "La récolte automatique de ce canal est arrêtée." in out
    [job] = await pending_jobs(db)
    assert job.channel == "general"
    out = await chat.type("/faitsaillant recolte auto stop")
    assert "Aucune récolte automatique n'est programmée dans ce canal" in out
    clock.set(datetime(2026, 11, 2, 14, 0, tzinfo=UTC))
    await app.run_due()
    assert not any("Récolte du mois" in line for line in chat.transcript)


async def test_bad_schedules_are_explained(chat, db) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Coco",
        "/outarde aide",  # first person of the table: coordinator
        "/faitsaillant recolte auto quotidien 9h",
        "/faitsaillant recolte auto hebdo 9h",
        "/faitsaillant recolte auto hebdo lundi 25h",
        "/faitsaillant recolte auto mensuel 32 9h",
    )
    assert "Exemples : `/faitsaillant recolte auto hebdo lundi 9 h`" in out
    assert "Il faut un jour de la semaine et une heure" in out
    assert "Je ne comprends pas l'heure « 25h »" in out
    assert "Il faut un jour du mois (1 à 31)" in out
    assert await pending_jobs(db) == []


async def test_english_and_24_hour_times_are_understood(chat, db) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde aide")
    out = await chat.type("/faitsaillant recolte auto weekly monday 9am")
    assert "chaque lundi à 9 h" in out
    out = await chat.type("/faitsaillant recolte auto monthly 31 1:30pm")
    assert "le 31 de chaque mois (le dernier jour des mois plus courts) à 13 h 30" in out
    out = await chat.type("/faitsaillant recolte auto hebdo mardi 13:30")
    assert "chaque mardi à 13 h 30" in out
    out = await chat.type("/faitsaillant recolte auto hebdo mardi 9 h")
    assert "chaque mardi à 9 h" in out
    out = await chat.type("/faitsaillant recolte auto hebdo lundi 9 heures")
    assert "Je ne comprends pas l'heure « 9 »" not in out and "⚠️" in out
    out = await chat.type("/faitsaillant recolte auto weekly monday 13pm")
    assert "Je ne comprends pas l'heure « 13pm »" in out


# -- meeting reminders ------------------------------------------------------------------
async def test_reminder_section_is_compact_or_none(chat, clock, app) -> None:  # type: ignore[no-untyped-def]
    place = Place("console", "table", "general")
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, place, None)
        assert await reminder_sections(ctx, None, START + timedelta(days=7)) is None
    await seed(chat, clock)
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, place, None)
        blocks = await reminder_sections(ctx, START - timedelta(days=4), START)
        everything = await reminder_sections(ctx, None, START)
    text = plain_text(Message(blocks=blocks))
    assert "Faits saillants depuis le vendredi 2 octobre 2026 à 14 h (2)" in text
    assert "• *#emploi* (1) — CDC des Collines" in text and "• *Sans thème* (1) — Chloé" in text
    assert "Salon" not in text
    assert "(4)" in plain_text(Message(blocks=everything))


async def test_a_long_rhythm_is_quoted_back_cut_short(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    for rhythm in ("x" * 20_000, "hebdo " + "x" * 20_000, "hebdo lundi 99h" + "9" * 20_000):
        out = await chat.type(f"/faitsaillant recolte auto {rhythm}")
        assert "⚠️" in out and len(out) < 1500, len(out)


async def test_a_harvest_over_three_messages_is_a_summary_with_its_files(chat, clock) -> None:  # type: ignore[no-untyped-def]
    """60 highlights over 12 themes used to be a post of 15 Discord messages; now a summary
    (each theme's count) and the full text in the attached Markdown file."""
    await chat.type(":moi Coco", "/outarde aide")
    clock.set(START - timedelta(days=2))
    long = "un service nouveau pour les familles du territoire, ouvert tous les jours " * 2
    for n in range(60):
        await chat.type(f"/faitsaillant Nouvelle {n:02d} : {long} #theme{n % 12:02d}")
    clock.set(START)
    await chat.type("/faitsaillant recolte")
    message = last_post(chat)
    shown = sections(message)
    assert "tiendrait en plus de trois messages" in shown
    assert "#theme00 (5)" in shown and "#theme11 (5)" in shown
    assert "Nouvelle 00" not in shown and len(shown) < 3_000
    markdown, table = message.files
    text = markdown.data.decode()
    assert all(f"Nouvelle {n:02d} :" in text for n in range(60))
    assert len(list(csv.reader(io.StringIO(table.data.decode("utf-8-sig"))))) == 61


async def test_a_short_harvest_stays_whole_in_the_channel(chat, clock) -> None:  # type: ignore[no-untyped-def]
    await seed(chat, clock)
    await chat.type("/faitsaillant recolte")
    shown = sections(last_post(chat))
    assert "Stages d'été payés" in shown and "trois messages" not in shown
