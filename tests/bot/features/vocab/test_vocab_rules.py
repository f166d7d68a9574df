"""/vocab rules: term keys, crafted values, concurrent endorsements, hooks and autocomplete."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from bot import hooks
from bot.app import Outarde
from bot.clock import ManualClock
from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from bot.errors import UserError
from bot.features.vocab.terms import parse_proposal, term_key
from bot.messages import Form, Message, Update, plain_text
from storage.db import Database
from storage.models.vocab import VocabProposal, VocabVote
from testkit.doubles import Answers, RecordingNotifier
from testkit.fixtures import START

PLACE = Place("console", "t1", "general")
OTHER = Place("console", "t2", "general")
ALICE = Actor("alice", "Alice")
BRUNO = Actor("bruno", "Bruno")


def invocation(actor: Actor, place: Place = PLACE) -> Invocation:
    return Invocation(place, actor)


async def propose(app: Outarde, text: str, actor: Actor = ALICE, place: Place = PLACE) -> Answers:
    answers = Answers()
    await app.command(invocation(actor, place), "vocab", "proposer " + text, answers)
    return answers


async def stored(db: Database, model: type) -> int:
    async with db.session() as session:
        return (await session.exec(select(func.count()).select_from(model))).one()


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("L'Intersectorialité", "intersectorialite"),
        ("intersectorialités", "intersectorialite"),
        ("Développements SOCIAUX", "developpement social"),
        ("d’engagement", "engagement"),
        ("qu'intervention", "intervention"),
        ("Partnerships", "partnership"),
        ("process", "process"),
        ("  mobilisation   citoyenne ", "mobilisation citoyenne"),
    ],
)
def test_term_keys_fold_case_accents_elision_and_plural(typed: str, key: str) -> None:
    assert term_key(typed) == key


def test_parse_proposal_takes_the_english_equivalent() -> None:
    draft = parse_proposal("concertation (en: collaboration) : agir (ensemble) : vraiment")
    assert (draft.term, draft.english) == ("concertation", "collaboration")
    assert draft.definition == "agir (ensemble) : vraiment"
    draft = parse_proposal("veille : suivre l'actualité (en: monitoring)")
    assert draft.english is None and draft.definition.endswith("(en: monitoring)")
    with pytest.raises(UserError) as error:
        parse_proposal("concertation agir ensemble")
    assert error.value.key == "vocab.missing_separator"


def test_parse_proposal_takes_an_example_and_a_source_after_bars() -> None:
    draft = parse_proposal(
        "concertation : agir ensemble | a | b "
        "| Exemple : la table de Lotbinière | source: Guide 2019"
    )
    assert draft.definition == "agir ensemble | a | b"  # other bars stay in the definition
    assert (draft.example, draft.source) == ("la table de Lotbinière", "Guide 2019")
    draft = parse_proposal("veille : suivre l'actualité | source : CISSS")
    assert (draft.example, draft.source) == (None, "CISSS")
    for typed, key in (
        ("veille : suivre | exemple :  ", "vocab.empty_exemple"),
        ("veille : suivre | source : " + "s" * 301, "vocab.source_too_long"),
        ("veille : suivre | exemple : " + "e" * 501, "vocab.exemple_too_long"),
        ("veille : | exemple : x", "vocab.empty_definition"),
    ):
        with pytest.raises(UserError) as error:
            parse_proposal(typed)
        assert error.value.key == key, typed


def test_parse_proposal_refuses_malformed_input_and_ignores_a_last_empty_bar() -> None:
    assert parse_proposal("concertation : déf | ").definition == "déf"
    assert parse_proposal("concertation : déf | exemple : ex |").example == "ex"
    for typed, key in (
        ("concertation (en : collaboration : déf", "vocab.unbalanced_parenthesis"),
        ("concertation) : déf", "vocab.unbalanced_parenthesis"),
        ("concertation : déf | exemple : ex | exemple : ex2", "vocab.repeated_field"),
        ("concertation : déf | source : a | Source : b", "vocab.repeated_field"),
    ):
        with pytest.raises(UserError) as error:
            parse_proposal(typed)
        assert error.value.key == key, typed


async def test_a_malformed_proposal_is_explained_and_not_stored(app: Outarde, db: Database) -> None:
    answers = Answers()
    for text in (
        "proposer concertation (en : collaboration : déf",
        "proposer concertation : déf | exemple : ex | exemple : ex2",
    ):
        await app.command(Invocation(PLACE, ALICE), "vocab", text, answers)
    assert "Une parenthèse n'est pas fermée dans « concertation (en »" in answers.text
    assert "« exemple » est donné deux fois : gardez-en un seul" in answers.text
    async with db.session() as session:
        assert (await session.exec(select(VocabProposal))).all() == []


async def test_crafted_action_values_are_refused(app: Outarde, db: Database) -> None:
    await propose(app, "concertation : agir ensemble")
    await propose(app, "mobilisation : rassembler", place=OTHER)
    for action in ("vocab.endorse", "vocab.object", "vocab.withdraw", "vocab.adopt", "vocab.show"):
        for value in ("abc", "", "1; DROP TABLE", "-1", "99999999999999"):
            answers = Answers()
            await app.action(invocation(ALICE), action, value, answers)  # a coordinator
            assert "n'est pas valide" in answers.text, (action, value)
        answers = Answers()
        await app.action(invocation(ALICE), action, "2", answers)  # workspace t2's proposal
        assert "Je ne trouve pas la proposition n° 2 ici" in answers.text, action
    answers = Answers()
    await app.submit(invocation(BRUNO), "vocab.object", {"raison": "non"}, "2", answers)
    assert "Je ne trouve pas la proposition n° 2" in answers.text
    for value in ("@everyone", "x" * 81, "   "):
        answers = Answers()
        await app.action(invocation(BRUNO), "vocab.new", value, answers)
        assert answers.forms == [] and answers.sent[0].text.startswith("⚠️")
    answers = Answers()
    await app.action(invocation(BRUNO), "vocab.page", "abc|zz", answers)
    assert "Lexique commun de la table (1 terme)" in answers.text
    assert await stored(db, VocabVote) == 2  # only the two proposers' own endorsements


async def test_objection_form_reason_is_checked(app: Outarde, db: Database) -> None:
    await propose(app, "concertation : agir ensemble")
    answers = Answers()
    await app.action(invocation(BRUNO), "vocab.object", "1", answers)
    assert isinstance(answers.forms[0], Form) and answers.forms[0].state == "1"
    errors = await app.submit(
        invocation(BRUNO), "vocab.object", {"raison": "@here regardez"}, "1", answers
    )
    assert errors and "mentions de masse" in errors["raison"]
    errors = await app.submit(
        invocation(BRUNO), "vocab.object", {"raison": "x" * 501}, "1", answers
    )
    assert errors and "500" in errors["raison"]
    assert await stored(db, VocabVote) == 1


async def test_nothing_is_stored_on_bad_input(app: Outarde, db: Database) -> None:
    for text in ("", "  : définition", "terme sans séparateur", "t : " + "d" * 1501):
        await propose(app, text)
    assert await stored(db, VocabProposal) == 0


async def test_fifty_simultaneous_endorsements_leave_an_exact_count(any_db: Database) -> None:
    app = build_core(any_db, RecordingNotifier(), clock=ManualClock(START))
    await propose(app, "concertation : agir ensemble")
    surfaces = [Answers() for _ in range(50)]
    await asyncio.gather(
        *(
            app.action(invocation(Actor(f"p{i}", f"Personne {i}")), "vocab.endorse", "1", surface)
            for i, surface in enumerate(surfaces)
        )
    )
    errors = [s.text for s in surfaces if "⚠️" in s.text]
    assert errors == []
    async with any_db.session() as session:
        count = (
            await session.exec(
                select(func.count()).where(VocabVote.proposal_id == 1, VocabVote.kind == "appui")
            )
        ).one()
        proposal = (await session.exec(select(VocabProposal))).one()
    assert count == 51  # the proposer and the fifty
    assert proposal.status == "adoptee"
    adopted = [m for s in surfaces for m in s.sent if "Définition adoptée" in plain_text(m)]
    assert len(adopted) == 1  # adopted exactly once
    await asyncio.gather(
        *(
            app.action(invocation(Actor(f"p{i}", f"Personne {i}")), "vocab.endorse", "1", Answers())
            for i in range(10)
        )
    )
    async with any_db.session() as session:
        total = (await session.exec(select(func.count()).select_from(VocabVote))).one()
    assert total == 51  # each person counts once


async def test_updates_target_the_posted_proposal(app: Outarde) -> None:
    answers = await propose(app, "concertation : agir ensemble")
    posted = answers.sent[0]
    assert posted.key == "vocab.proposal:1" and not posted.ephemeral
    assert all(len(f"{b.action_id}:{b.value}") <= 100 for b in posted.buttons())
    answers = Answers()
    await app.action(invocation(BRUNO), "vocab.endorse", "1", answers)
    assert "Votre appui à la proposition n° 1" in answers.text
    updates = app.notifier.updates  # type: ignore[attr-defined]
    assert updates and "Appuis : 2 (seuil : 3)" in plain_text(updates[-1][2])


async def test_english_workspace_gets_english_messages(app: Outarde) -> None:
    answers = Answers()
    await app.command(invocation(ALICE), "outarde", "config langue en", answers)
    answers = await propose(app, "concertation (en: collaboration) : working together")
    assert "Proposal #1 · concertation (en: collaboration) — under discussion" in answers.text
    answers = Answers()
    await app.command(invocation(ALICE), "vocab", "collaboration", answers)
    assert "concertation (en: collaboration)" in answers.text
    assert "working together" in answers.text
    assert "Proposed by Alice" in answers.text


async def test_hooks_for_meetings_and_autocomplete(app: Outarde, clock: ManualClock) -> None:
    await propose(app, "concertation (en: collaboration) : agir ensemble")
    await propose(app, "concertation citoyenne : avec la population")
    await propose(app, "mobilisation : rassembler")
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, None)
        assert await ctx.hook(hooks.MEETING_REMINDER_SECTIONS, None, clock.now()) == []
        assert await ctx.hook(hooks.MEETING_AGENDA_EXTRAS) == []
        suggestions = (await ctx.hook(hooks.suggest("vocab"), "Concert"))[0]
        assert [label for label, _ in suggestions] == ["concertation", "concertation citoyenne"]
        assert (await ctx.hook(hooks.suggest("vocab"), "collab"))[0] == [
            ("collaboration", "collaboration")
        ]
        assert len((await ctx.hook(hooks.suggest("vocab"), ""))[0]) == 4
    answers = Answers()
    await app.action(invocation(BRUNO), "vocab.discuss", "3", answers)
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, None)
        sections = await ctx.hook(
            hooks.MEETING_REMINDER_SECTIONS, None, clock.now() + timedelta(days=7)
        )
        assert "Vocabulaire : termes à discuter (1)" in plain_text(Message(sections[0]))
        assert "n° 3 *mobilisation*" in plain_text(Message(sections[0]))
        extras = await ctx.hook(hooks.MEETING_AGENDA_EXTRAS)
        assert extras == [["Vocabulaire : discuter la proposition n° 3 (« mobilisation »)"]]
    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, OTHER, None)
        assert await ctx.hook(hooks.MEETING_AGENDA_EXTRAS) == []
        assert await ctx.hook(hooks.suggest("vocab"), "con") == [[]]


async def test_update_reply_is_an_update_of_the_proposal(app: Outarde) -> None:
    await propose(app, "concertation : agir ensemble")
    from bot.features.vocab.commands import endorse

    async with app.db.session() as session:
        ctx = await app.workspaces.context(session, PLACE, BRUNO)
        reply = await endorse(ctx, "1")
    assert isinstance(reply, list) and isinstance(reply[0], Update)
    assert reply[0].key == "vocab.proposal:1"


async def test_the_migration_gives_stored_look_alike_terms_their_new_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A term stored with a Cyrillic « а » before this version meets « partenariat »."""
    from sqlalchemy import text

    from bot.features.vocab.terms import term_key
    from storage import migrate
    from storage.db import Database

    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await migrate.upgrade(db, "d4b8e2f6a1c3")
        async with db.engine.begin() as connection:
            for term, old_key in (("p\u0430rtenariat", "p\u0430rtenariat"), ("Emploi", "emploi")):
                await connection.execute(
                    text(
                        "INSERT INTO vocabproposal (workspace, term, term_key, definition,"
                        " proposer_id, status, created_at) VALUES ('t', :t, :k, 'd', 'a',"
                        " 'adoptee', '2026-10-06 18:00:00')"
                    ),
                    {"t": term, "k": old_key},
                )
        await migrate.upgrade(db)
        async with db.engine.connect() as connection:
            query = text("SELECT term_key FROM vocabproposal ORDER BY id")
            keys = (await connection.execute(query)).all()
        assert [key for (key,) in keys] == ["partenariat", "emploi"] == [
            term_key("partenariat"),
            term_key("Emploi"),
        ]
    finally:
        await db.dispose()
