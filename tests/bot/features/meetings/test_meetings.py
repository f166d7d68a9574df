"""/rencontre: planning, reminders at their time, reschedule, cancel, restart, meeting end."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from adapters.console import ConsoleChat
from bot import hooks
from bot.app import Outarde
from bot.clock import ManualClock
from bot.messages import Section, text_message
from storage.models import Job
from storage.models.meetings import Meeting
from testkit.fixtures import console

START = datetime(2026, 10, 20, 17, 30, tzinfo=UTC)  # mardi 20 octobre 2026, 13 h 30 à Toronto
PLAN = "/rencontre planifier mardi 20 octobre 13 h 30 | Salle du conseil, MRC | Rencontre d'automne"


async def plan(chat: ConsoleChat, line: str = PLAN) -> str:
    """Type a /rencontre planifier line and press Confirmer."""
    out = await chat.type(line)
    button = chat.last_buttons("Confirmer")[-1]
    return out + await chat.type(f":clic {button}")


async def advance_to(chat: ConsoleChat, clock: ManualClock, instant: datetime) -> str:
    """Move the clock to ``instant`` and run what became due; the posts it made."""
    start = len(chat.transcript)
    clock.set(instant)
    await chat.app.run_due()
    return "\n".join(chat.transcript[start:])


async def meetings(app: Outarde) -> list[Meeting]:
    """The meetings stored, and the drafts not yet decided (a decided draft is bookkeeping)."""
    decided = ("confirmed", "discarded")
    async with app.db.session() as session:
        statement = select(Meeting).where(col(Meeting.status).not_in(decided))
        return list((await session.exec(statement)).all())


async def jobs(app: Outarde) -> dict[str, Job]:
    async with app.db.session() as session:
        return {f"{j.kind}/{j.key}": j for j in (await session.exec(select(Job))).all()}


@pytest.fixture
def sections(app) -> Iterator[list[tuple]]:  # type: ignore[no-untyped-def]
    """A test provider of the 7-day reminder's extra blocks; records what it was asked."""
    calls: list[tuple] = []

    async def provide(ctx, since, meeting_start):  # type: ignore[no-untyped-def]
        calls.append((since, meeting_start))
        return [Section("Récolte des faits saillants : 3 nouvelles")]

    app.router.hooks.setdefault("meetings.reminder_sections", []).append(provide)
    yield calls
    app.router.hooks["meetings.reminder_sections"].remove(provide)


@pytest.fixture
def evaluation(app) -> Iterator[list[tuple]]:  # type: ignore[no-untyped-def]
    """A test provider of the « meeting ended » hook (polls posts the evaluation there)."""
    calls: list[tuple] = []

    async def provide(ctx, meeting_id, title):  # type: ignore[no-untyped-def]
        calls.append((meeting_id, title))
        return text_message(f"Évaluation de {title}", ephemeral=False)

    app.router.hooks.setdefault("meetings.ended", []).append(provide)
    yield calls
    app.router.hooks["meetings.ended"].remove(provide)


# -- planning -----------------------------------------------------------------------------
async def test_planning_echoes_the_full_date_and_waits_for_confirmation(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", PLAN)
    assert "mardi 20 octobre 2026 à 13 h 30" in out and "Salle du conseil, MRC" in out
    assert "[1] Confirmer" in out and "[2] Annuler" in out
    [draft] = await meetings(app)
    assert draft.status == "draft" and draft.starts_at == START
    assert await jobs(app) == {}  # nothing scheduled before confirmation
    assert "Aucune rencontre à venir" in await chat.type("/rencontre liste")

    out = await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    assert "C'est planifié : rencontre n° 1" in out
    assert "# 📅 Rencontre d'automne" in out and "rencontre-1.ics (text/calendar" in out
    [meeting] = await meetings(app)
    assert meeting.status == "planned" and meeting.channel == "general"
    scheduled = await jobs(app)
    assert sorted(scheduled) == [
        "meetings.ended/1:fin",
        "meetings.reminder/1:1h",
        "meetings.reminder/1:1j",
        "meetings.reminder/1:7j",
    ]
    assert scheduled["meetings.reminder/1:7j"].due_at == START - timedelta(days=7)
    assert scheduled["meetings.ended/1:fin"].due_at == START + timedelta(hours=2)
    out = await chat.type("/rencontre liste", "/rencontre")
    assert out.count("*n° 1 Rencontre d'automne* — mardi 20 octobre 2026 à 13 h 30") == 2
    # confirming twice does nothing more
    out = await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    assert "déjà confirmée" in out and len(await jobs(app)) == 4


async def test_discarding_a_draft_plans_nothing(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", PLAN)
    out = await chat.type(f":clic {chat.last_buttons('Annuler')[-1]}")
    assert "rien n'a été planifié" in out
    assert await meetings(app) == [] and await jobs(app) == {}


async def test_the_form_plans_when_no_text_is_given(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/rencontre planifier", "hier", "", "", "jeudi 13 h 30")
    assert "Formulaire : Planifier une rencontre" in out
    assert "c'est déjà passé" in out  # the field error, asked again
    assert "jeudi 8 octobre 2026 à 13 h 30" in out and "Rencontre de la table" in out
    [draft] = await meetings(app)
    assert draft.location is None and draft.title is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/rencontre planifier hier 10 h", "c'est déjà passé"),
        ("/rencontre planifier quand ça nous chante", "Je n'ai pas compris"),
        ("/rencontre planifier 12 octobre 2029 9 h", "plus de deux ans"),
        ("/rencontre planifier | Salle du conseil", "Il manque la date"),
        ("/rencontre planifier demain 10 h | @everyone", "mentions de masse"),
        ("/rencontre planifier demain 10 h | lieu | " + "x" * 200, "trop long"),
    ],
)
async def test_bad_dates_and_texts_are_refused(chat, app, line, expected) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", line)
    assert expected in out, out
    assert await meetings(app) == []


async def test_only_coordinators_plan_cancel_and_move(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    out = await chat.type(
        ":moi Bruno",
        PLAN,
        "/rencontre annuler",
        "/rencontre reporter #1 jeudi 22 octobre 10 h",
        f":clic {chat.last_buttons('Confirmer')[-1]}",
    )
    assert out.count("Seule la coordination de la table") == 4
    [meeting] = await meetings(app)
    assert meeting.status == "planned" and meeting.starts_at == START


async def test_crafted_action_values_change_nothing(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", PLAN)
    draft_id = (await meetings(app))[0].id
    await chat.type(":espace autre", ":moi Eve")  # coordinator of another workspace
    answers = []
    for action, value in [
        ("meetings.confirm", str(draft_id)),
        ("meetings.confirm", "abc"),
        ("meetings.discard", "1;DROP"),
        ("meetings.rsvp", f"{draft_id}:p"),
        ("meetings.rsvp", "1:zz"),
        ("meetings.trio_yes", "999999999999"),
        ("meetings.trio_no", ""),
    ]:
        start = len(chat.transcript)
        await app.action(chat.invocation(), action, value, chat)
        answers.append("\n".join(chat.transcript[start:]))
    assert all("Je ne trouve pas la rencontre" in answer for answer in answers), answers
    [draft] = await meetings(app)
    assert draft.status == "draft" and draft.workspace == "console:table"
    assert await jobs(app) == {}


# -- reminders ----------------------------------------------------------------------------
async def test_each_reminder_fires_once_at_its_time(chat, app, clock, sections) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco CDC des Collines / communautaire")
    await plan(chat)
    await chat.type(
        "/rencontre odj ajouter Bilan du projet de transport",
        ":moi Alice CLD / économie",
        f":clic {chat.last_buttons('Présent·e')[-1]}",
        "/rencontre trio #1 @Coco @Alice @Coco",  # not a coordinator: refused
    )
    for offset, delay, digest in [
        (timedelta(days=7), "dans 7 jours", True),
        (timedelta(days=1), "dans 1 jour", False),
        (timedelta(hours=1), "dans 1 heure", False),
    ]:
        due = START - offset
        early = await advance_to(chat, clock, due - timedelta(minutes=1))
        assert "Rappel" not in early
        posted = await advance_to(chat, clock, due)
        assert posted.count("🔔 Rappel") == 1 and f"Rencontre d'automne {delay}" in posted
        assert "mardi 20 octobre 2026 à 13 h 30" in posted and "Salle du conseil, MRC" in posted
        assert "1. Bilan du projet de transport" in posted
        assert "✅ Présent·es : 1 · ❌ Absent·es : 0" in posted
        assert "en retard" not in posted
        assert ("Récolte des faits saillants" in posted) is digest
        again = await advance_to(chat, clock, due + timedelta(minutes=30))
        assert "Rappel" not in again
    assert sections == [(None, START)]  # no previous meeting: the récolte starts from nothing
    statuses = {key: job.status for key, job in (await jobs(app)).items()}
    assert statuses["meetings.reminder/1:7j"] == statuses["meetings.reminder/1:1h"] == "done"


async def test_reminders_carry_the_trio_and_quorum(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco CDC / communautaire", "/outarde config quorum 3")
    await plan(chat)
    await chat.type(
        ":moi Alice CLD", ":moi Bruno CISSS", ":moi Coco", "/rencontre trio @Coco @Alice @Bruno"
    )
    posted = await advance_to(chat, clock, START - timedelta(days=7))
    assert "Animation : Coco (CDC) — a accepté" in posted
    assert "Observation : Bruno (CISSS)" in posted
    assert "Quorum atteint : 3 présences ou délégations (quorum : 3)." in posted  # the trio


async def test_offsets_come_from_the_rappels_setting(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/outarde config rappels 2 jours, 30 min", "/outarde config")
    assert "2 jours, 30 minutes" in out
    out = await chat.type("/outarde config rappels bientôt")
    assert "n'est pas une liste de délais valide" in out
    await plan(chat)
    assert sorted(k for k in await jobs(app) if "reminder" in k) == [
        "meetings.reminder/1:2j",
        "meetings.reminder/1:30min",
    ]
    posted = await advance_to(chat, clock, START - timedelta(minutes=30))
    assert posted.count("🔔 Rappel") == 1  # the 2-day one was sent on its own day, not now
    assert "dans 30 minutes" in posted


async def test_new_offsets_apply_to_meetings_already_planned(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await advance_to(chat, clock, START - timedelta(days=7))  # the 7-day reminder is sent
    out = await chat.type("/outarde config rappels 2 jours, 30 min")
    assert "Rappels replanifiés selon ce réglage pour les rencontres à venir : 1." in out
    pending = sorted(k for k, j in (await jobs(app)).items() if j.status == "pending")
    assert pending == [
        "meetings.ended/1:fin",
        "meetings.reminder/1:2j",
        "meetings.reminder/1:30min",
    ]
    assert (await jobs(app))["meetings.reminder/1:7j"].status == "done"  # sent stays sent
    posted = await advance_to(chat, clock, START - timedelta(hours=1))
    assert posted.count("🔔 Rappel") == 1 and "dans 2 jours" in posted  # no 1-day, no 1-hour
    out = await chat.type("/outarde config duree_rencontre 3 h")
    assert "Fin et évaluation recalculées selon cette durée" in out
    assert (await jobs(app))["meetings.ended/1:fin"].due_at == START + timedelta(hours=3)


async def test_a_setting_without_planned_meetings_says_nothing_more(chat, app) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(":moi Coco", "/outarde config rappels 3 jours")
    assert "Réglage modifié" in out and "à venir" not in out


async def test_reminders_already_past_at_planning_are_skipped(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat, "/rencontre planifier jeudi 13 h 30 | Zoom")  # in two days
    keys = sorted(k for k in await jobs(app) if "reminder" in k)
    assert keys == ["meetings.reminder/1:1h", "meetings.reminder/1:1j"]
    assert "Rappel" not in await advance_to(chat, clock, clock.now() + timedelta(hours=1))


# -- reschedule and cancel ---------------------------------------------------------------
async def test_rescheduled_meeting_old_reminders_never_fire(chat, app, clock, sections) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type(":moi Alice", f":clic {chat.last_buttons('Absent·e')[-1]}")
    out = await chat.type(":moi Coco", "/rencontre reporter #1 mardi 27 octobre 13 h 30")
    assert "n'aura pas lieu le mardi 20 octobre 2026 à 13 h 30" in out
    assert "mais le *mardi 27 octobre 2026 à 13 h 30*" in out
    assert "ces personnes avaient répondu : Alice." in out and "<@alice>" not in out
    assert "(mise à jour du message m1)" in out  # the card changed in place
    new_start = START + timedelta(days=7)
    scheduled = await jobs(app)
    assert scheduled["meetings.reminder/1:7j"].due_at == new_start - timedelta(days=7)
    assert len(scheduled) == 4  # the same keys, moved
    posted = await advance_to(chat, clock, START - timedelta(days=7) + timedelta(hours=1))
    assert "Rappel" not in posted  # the old 7-day reminder is gone
    posted = await advance_to(chat, clock, new_start - timedelta(days=7))
    assert posted.count("🔔 Rappel") == 1 and "mardi 27 octobre 2026" in posted
    posted = await advance_to(chat, clock, START + timedelta(hours=3))  # the old date passes
    assert "Rappel" not in posted
    posted = await advance_to(chat, clock, new_start - timedelta(days=1))
    posted += await advance_to(chat, clock, new_start - timedelta(hours=1))
    assert posted.count("🔔 Rappel") == 2  # 1 day and 1 hour before the new date
    [meeting] = await meetings(app)
    assert meeting.sequence == 1


async def test_reschedule_refusals(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    out = await chat.type(
        "/rencontre reporter #1 mardi 20 octobre 13 h 30",
        "/rencontre reporter #1",
        "/rencontre reporter #7 jeudi 10 h",
        "/rencontre reporter #1 hier",
        "/rencontre reporter 1 octobre 2029 10 h",
    )
    assert "déjà prévue le mardi 20 octobre" in out
    assert "Exemple : `/rencontre reporter #12" in out
    assert "Je ne trouve pas la rencontre « 7 »" in out
    assert "c'est déjà passé" in out and "plus de deux ans" in out
    [meeting] = await meetings(app)
    assert meeting.starts_at == START and meeting.sequence == 0


async def test_cancelled_meeting_reminders_never_fire(chat, app, clock, evaluation) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type(":moi Alice", f":clic {chat.last_buttons('Présent·e')[-1]}")
    await chat.type(":moi Bruno", f":clic {chat.last_buttons('Absent·e')[-1]}")
    out = await chat.type(":moi Coco", "/rencontre annuler")
    assert "Annuler la rencontre n° 1 *Rencontre d'automne*" in out
    assert "les personnes qui ont répondu (2) seront prévenues" in out
    assert {job.status for job in (await jobs(app)).values()} == {"pending"}  # not yet
    out = await chat.type(f":clic {chat.last_buttons('Non, la garder')[-1]}")
    assert "La rencontre n° 1 est maintenue" in out
    await chat.type("/rencontre annuler #1")
    out = await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    assert "La rencontre n° 1 *Rencontre d'automne* du mardi 20 octobre 2026" in out
    assert "ces personnes avaient répondu : Alice, Bruno." in out
    assert "ANNULÉE — Rencontre d'automne" in out and "rencontre-1.ics" in out
    assert {job.status for job in (await jobs(app)).values()} == {"cancelled"}
    posted = await advance_to(chat, clock, START + timedelta(days=1))
    assert posted == "" and evaluation == []
    out = await chat.type(
        ":moi Alice",
        f":clic {chat.last_buttons('Représenté·e')[-1]}",
        ":moi Coco",
        "/rencontre annuler 1",
    )
    assert "est annulée : on ne peut plus" in out
    out = await chat.type(f":clic {chat.last_buttons('Oui, annuler la rencontre')[-1]}")
    assert "est annulée : on ne peut plus" in out  # a second click changes nothing


# -- restart ------------------------------------------------------------------------------
async def test_a_restart_rebuilds_state_and_sends_a_late_reminder_once(  # type: ignore[no-untyped-def]
    router, db, clock, sections
) -> None:
    first = console(db, clock, founder_is_coordinator=True, router=router)
    await first.type(":moi Coco")
    await plan(first)
    await advance_to(first, clock, START - timedelta(days=7))  # the 7-day reminder goes out
    await first.app.scheduler.stop()
    # the bot is down from 6 days before to 1 h 30 before the meeting
    clock.advance((START - timedelta(minutes=90)) - clock.now())
    second = console(db, clock, router=router)
    await second.app.scheduler.recover()
    assert await second.app.run_due() == 1
    posted = "\n".join(second.transcript)
    assert posted.count("🔔 Rappel") == 1 and "dans 1 jour" in posted
    assert "Rappel envoyé en retard (prévu le lundi 19 octobre 2026 à 13 h 30)" in posted
    assert "Récolte" not in posted  # the 7-day one already carried it
    assert await second.app.run_due() == 0
    # and the state is all there: the meeting, its card, its remaining reminder
    out = await second.type(":moi Coco", "/rencontre liste")
    assert "*n° 1 Rencontre d'automne*" in out
    posted = await advance_to(second, clock, START - timedelta(hours=1))
    assert posted.count("🔔 Rappel") == 1 and "en retard" not in posted and "dans 1 heure" in posted


async def test_overdue_reminders_after_the_start_are_skipped(router, db, clock) -> None:  # type: ignore[no-untyped-def]
    first = console(db, clock, founder_is_coordinator=True, router=router)
    await first.type(":moi Coco")
    await plan(first)
    clock.advance(START + timedelta(minutes=5) - clock.now())  # down until the meeting began
    second = console(db, clock, router=router)
    await second.app.scheduler.recover()
    await second.app.run_due()
    assert "Rappel" not in "\n".join(second.transcript)
    statuses = {key: job.status for key, job in (await jobs(second.app)).items()}
    assert statuses["meetings.reminder/1:1h"] == "done"


async def test_several_overdue_reminders_send_only_the_latest(router, db, clock, sections) -> None:  # type: ignore[no-untyped-def]
    first = console(db, clock, founder_is_coordinator=True, router=router)
    await first.type(":moi Coco")
    await plan(first)
    clock.advance(START - timedelta(hours=3) - clock.now())  # 7-day and 1-day both missed
    second = console(db, clock, router=router)
    await second.app.scheduler.recover()
    await second.app.run_due()
    posted = "\n".join(second.transcript)
    assert posted.count("🔔 Rappel") == 1 and "dans 1 jour" in posted and "en retard" in posted
    assert "Récolte des faits saillants" in posted  # the skipped first reminder's blocks


# -- after the meeting --------------------------------------------------------------------
async def test_meeting_end_calls_the_ended_hook(chat, app, clock, evaluation) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config duree_rencontre 1 h 30")
    await plan(chat)
    assert "Évaluation" not in await advance_to(chat, clock, START + timedelta(minutes=89))
    posted = await advance_to(chat, clock, START + timedelta(minutes=90))
    assert posted.count("Évaluation de Rencontre d'automne") == 1
    assert evaluation == [(1, "Rencontre d'automne")]
    assert "Évaluation" not in await advance_to(chat, clock, START + timedelta(days=1))


async def test_last_meeting_start_and_suggestions(chat, app, clock) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await plan(chat, "/rencontre planifier 3 novembre 9 h | Zoom | Bilan")
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, chat.place, None)
        assert await ctx.hook(hooks.LAST_MEETING_START) == []
        suggestions = (await ctx.hook(hooks.suggest("rencontre"), "bil"))[0]
    assert suggestions == [("#2 Bilan — mardi 3 novembre 2026 à 9 h", "2")]
    clock.advance(START + timedelta(hours=3) - clock.now())
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, chat.place, None)
        assert await ctx.hook(hooks.LAST_MEETING_START) == [START]
        assert [v for _, v in (await ctx.hook(hooks.suggest("rencontre"), ""))[0]] == ["2"]


async def test_long_settings_and_words_are_quoted_back_cut_short(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    for line in (
        f"/outarde config rappels {'x' * 20_000}",
        f"/outarde config duree_rencontre {'x' * 20_000}",
        f"/rencontre {'x' * 20_000}",
    ):
        out = await chat.type(line)
        assert "⚠️" in out and len(out) < 1500, (line[:40], len(out))


async def test_a_new_quorum_shows_on_meetings_already_posted(chat, app) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco", "/outarde config quorum 1")
    await plan(chat)
    await chat.type(f":clic {chat.last_buttons('Présent·e')[-1]}")
    out = await chat.type("/outarde config quorum 2")
    assert "Le message de la rencontre à venir montrera le nouveau quorum." in out
    start = len(chat.transcript)
    assert await app.run_due() == 1
    updated = "\n".join(chat.transcript[start:])
    assert "mise à jour" in updated and "Quorum : 1 sur 2" in updated
