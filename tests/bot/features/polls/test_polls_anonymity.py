"""Anonymous polls: who voted is stored apart from what was chosen, and nothing links them."""

from __future__ import annotations

import csv
import io
import logging

from sqlalchemy import inspect
from sqlmodel import select

from storage.models.polls import (
    PollBallot,
    PollChoice,
    PollComments,
    PollVote,
    PollVoter,
    ScoreTally,
)
from tests.bot.features.polls.test_polls_helpers import click, command, last_poll, settle

BALLOT_TABLES = (PollChoice, ScoreTally, PollComments, PollBallot)


def test_ballot_tables_hold_no_person_and_no_time() -> None:
    """What was chosen is kept in tables with no user column and no timestamp."""
    for model in BALLOT_TABLES:
        columns = {column.name for column in model.__table__.columns}  # type: ignore[attr-defined]
        assert not columns & {"user_id", "voter", "author_id", "created_at", "voted_at"}, model
        assert not any("time" in str(c.type).lower() or "date" in str(c.type).lower()
                       for c in model.__table__.columns), model  # type: ignore[attr-defined]  # fmt: skip
    voter_columns = {c.name for c in PollVoter.__table__.columns}  # type: ignore[attr-defined]
    assert voter_columns == {"id", "workspace", "poll_id", "user_id"}  # who, never what


async def test_no_foreign_key_or_shared_column_links_voters_to_counters(db) -> None:  # type: ignore[no-untyped-def]
    async with db.engine.connect() as connection:
        keys = await connection.run_sync(
            lambda sync: {t: inspect(sync).get_foreign_keys(t) for t in ("pollvoter", "pollchoice")}
        )
    assert keys == {"pollvoter": [], "pollchoice": []}


async def anonymous_poll(app, question: str = "Q ?", extra: str = "") -> int:  # type: ignore[no-untyped-def]
    await command(app, "Alice", f'"{question}" Oui Non Peut-être anonyme {extra}')
    poll = await last_poll(app)
    assert poll.id is not None
    return poll.id


async def vote(app, who: str, poll_id: int, mask: int):  # type: ignore[no-untyped-def]
    return await click(app, who, "polls.cast", f"{poll_id}:{mask}")


async def counters(app) -> list[int]:  # type: ignore[no-untyped-def]
    async with app.db.session() as session:
        choices = (await session.exec(select(PollChoice).order_by(PollChoice.position))).all()  # type: ignore[arg-type]
    return [c.votes for c in choices]


async def test_a_ballot_leaves_only_a_counter_and_a_voter_row(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await anonymous_poll(app)
    draft = await click(app, "Bruno", "polls.vote", f"{poll_id}:1")
    assert "Vous choisissez : « Non »" in draft.text and "définitif" in draft.text
    async with app.db.session() as session:  # the draft stores nothing
        assert (await session.exec(select(PollVoter))).all() == []
    confirmed = await vote(app, "Bruno", poll_id, 0b010)
    assert "Votre vote anonyme (« Non ») est enregistré sous scellé" in confirmed.text
    await vote(app, "Chloé", poll_id, 0b001)
    async with app.db.session() as session:
        voters = (await session.exec(select(PollVoter))).all()
        sealed = (await session.exec(select(PollBallot))).all()
        choices = (await session.exec(select(PollChoice).order_by(PollChoice.position))).all()  # type: ignore[arg-type]
        votes = (await session.exec(select(PollVote))).all()
    assert sorted(v.user_id for v in voters) == ["bruno", "chloé"]
    assert [c.votes for c in choices] == [0, 0, 0]  # sealed until the close
    assert len(sealed) == 2 and len({len(b.sealed) for b in sealed}) == 1
    assert votes == []  # no nominative row at all
    await command(app, "Alice", f"fermer {poll_id}")
    assert await counters(app) == [1, 1, 0]
    async with app.db.session() as session:
        assert (await session.exec(select(PollBallot))).all() == []
    # The counters were created with the poll, before any vote: their ids and order say nothing.
    assert [c.id for c in choices] == sorted(c.id for c in choices)


async def test_a_second_anonymous_vote_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await anonymous_poll(app)
    await vote(app, "Bruno", poll_id, 0b001)
    again = await vote(app, "Bruno", poll_id, 0b010)
    assert "Vous avez déjà répondu à ce sondage anonyme" in again.text
    draft = await click(app, "Bruno", "polls.vote", f"{poll_id}:2")
    assert "déjà répondu" in draft.text
    withdraw = await click(app, "Bruno", "polls.withdraw", str(poll_id))
    assert "définitif" in withdraw.text
    await command(app, "Alice", f"fermer {poll_id}")
    assert await counters(app) == [1, 0, 0]


async def test_my_vote_cannot_show_an_anonymous_choice(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await anonymous_poll(app)
    await vote(app, "Bruno", poll_id, 0b100)
    mine = await click(app, "Bruno", "polls.mine", str(poll_id))
    assert "Vous avez répondu" in mine.text and "Peut-être" not in mine.text


async def test_results_wait_for_the_threshold(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await anonymous_poll(app)
    for name in ("Bruno", "Chloé"):
        await vote(app, name, poll_id, 0b001)
    shown = str(app.notifier.updates[-1][2].blocks)
    assert "à partir de 3 réponses (2 pour l'instant)" in shown and "█" not in shown
    early = await command(app, "Alice", f"exporter {poll_id}")
    assert "Exportation impossible" in early.text
    await vote(app, "Denis", poll_id, 0b010)
    shown = str(app.notifier.updates[-1][2].blocks)
    assert "les votes restent scellés" in shown and "█" not in shown  # no live totals
    closed = await command(app, "Alice", f"fermer {poll_id}")
    assert "`███████░░░` 2 (67 %)" in closed.text


async def test_threshold_is_a_setting(app) -> None:  # type: ignore[no-untyped-def]
    from tests.bot.features.polls.test_polls_helpers import Answers, person

    answers = Answers()
    await app.command(person("Alice"), "outarde", "config seuil_anonymat 5", answers)
    assert "5" in answers.text
    poll_id = await anonymous_poll(app)
    for index, name in enumerate(("Bruno", "Chloé", "Denis", "Ève")):
        await vote(app, name, poll_id, 1 << (index % 3))
    closed = await command(app, "Alice", f"fermer {poll_id}")
    assert "il fallait au moins 5 réponses, et il y en a eu 4" in closed.text
    assert "pour l'instant" not in closed.text
    assert not any(block.__class__.__name__ == "Image" for m in closed.sent for block in m.blocks)


async def test_anonymous_export_has_counts_only(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await anonymous_poll(app)
    for mask, name in ((1, "Bruno"), (1, "Chloé"), (4, "Denis")):
        await vote(app, name, poll_id, mask)
    early = await command(app, "Alice", f"exporter {poll_id}")
    assert "Exportation impossible" in early.text and "scellés" in early.text
    await command(app, "Alice", f"fermer {poll_id}")
    answers = await command(app, "Alice", f"exporter {poll_id}")
    data = answers.sent[0].files[0].data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(data))) == [
        ["choix", "votes"],
        ["Oui", "2"],
        ["Non", "0"],
        ["Peut-être", "1"],
    ]
    assert "bruno" not in data.lower() and "Bruno" not in data


async def test_logs_never_carry_an_anonymous_choice(app, caplog) -> None:  # type: ignore[no-untyped-def]
    poll_id = await anonymous_poll(app, "Secret ?")
    caplog.set_level(logging.DEBUG)
    await click(app, "Bruno", "polls.vote", f"{poll_id}:2")
    await vote(app, "Bruno", poll_id, 0b100)
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "action:polls.cast" in logged
    assert f"{poll_id}:4" not in logged and "Peut-être" not in logged


async def test_crafted_ballots_count_nothing(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await anonymous_poll(app, extra="multiple=2")
    for value in (f"{poll_id}:0", f"{poll_id}:8", f"{poll_id}:7", "x:1", f"{poll_id}"):
        answers = await click(app, "Bruno", "polls.cast", value)
        assert answers.text.startswith("⚠️"), value
    nominative = await command(app, "Alice", '"Nominatif ?" Oui Non')
    assert nominative.sent
    other = (await last_poll(app)).id
    answers = await click(app, "Bruno", "polls.cast", f"{other}:1")
    assert "pas valide" in answers.text
    async with app.db.session() as session:
        assert (await session.exec(select(PollVoter))).all() == []
        assert all(c.votes == 0 for c in (await session.exec(select(PollChoice))).all())


async def test_anonymous_multiple_choice_draft_toggles_then_confirms(app) -> None:  # type: ignore[no-untyped-def]
    poll_id = await anonymous_poll(app, extra="multiple=2")
    draft = await click(app, "Bruno", "polls.vote", f"{poll_id}:0")
    toggles = {b.label: b for b in draft.sent[0].buttons()}
    assert set(toggles) >= {"☑ Oui", "☐ Non", "☐ Peut-être", "Confirmer mon vote"}
    added = await click(app, "Bruno", "polls.pick", toggles["☐ Peut-être"].value)
    assert "« Oui », « Peut-être »" in added.text
    third = {b.label: b for b in added.sent[0].buttons()}["☐ Non"]
    refused = await click(app, "Bruno", "polls.pick", third.value)
    assert "déjà 2 choix" in refused.text
    confirm = {b.label: b for b in added.sent[0].buttons()}["Confirmer mon vote"]
    await click(app, "Bruno", "polls.cast", confirm.value)
    await command(app, "Alice", f"fermer {poll_id}")
    assert await counters(app) == [1, 0, 1]


async def test_anonymous_reminder_gives_a_count_only(app, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    for name in ("Chloé", "Denis"):
        await command(app, name, "liste")
    poll_id = await anonymous_poll(app, extra="rappel jusqu'à vendredi 17h")
    await vote(app, "Chloé", poll_id, 1)
    await settle(app)
    clock.advance(timedelta(days=2, hours=3))
    assert await app.run_due() == 1
    text = app.notifier.posts[-1][1].text
    assert "2 personnes n'ont pas encore répondu" in text
    assert "Alice" not in text and "Denis" not in text


async def test_a_lower_threshold_never_applies_to_a_poll_already_running(app) -> None:  # type: ignore[no-untyped-def]
    from tests.bot.features.polls.test_polls_helpers import Answers, person

    await app.command(person("Alice"), "outarde", "config seuil_anonymat 4", Answers())
    poll_id = await anonymous_poll(app)  # begun under 4 answers
    for name in ("Bruno", "Chloé", "Denis"):
        await vote(app, name, poll_id, 0b001)
    await app.command(person("Alice"), "outarde", "config seuil_anonymat 3", Answers())
    early = await command(app, "Alice", f"exporter {poll_id}")
    assert "Exportation impossible" in early.text and "à partir de 4 réponses" in early.text
    later = await anonymous_poll(app)  # a new poll follows the new setting
    for name in ("Bruno", "Chloé", "Denis"):
        await vote(app, name, later, 0b001)
    await command(app, "Alice", f"fermer {later}")
    assert "Exportation impossible" not in (await command(app, "Alice", f"exporter {later}")).text
    await app.command(person("Alice"), "outarde", "config seuil_anonymat 5", Answers())
    raised = await command(app, "Alice", f"exporter {later}")
    assert "Exportation impossible" in raised.text  # a higher setting applies at once


def test_library_debug_logs_stay_off_even_at_debug() -> None:
    """slack_sdk logs whole requests at DEBUG (a private confirmation of an anonymous vote
    next to the person's id): at OUTARDE_LOG_LEVEL=DEBUG it still logs warnings only."""
    from bot.logs import configure

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = ("slack_sdk", "slack_sdk.web.base_client", "aiohttp", "discord.http")
    levels = {name: logging.getLogger(name).level for name in names}
    stream = io.StringIO()
    try:
        configure("DEBUG", stream)
        logging.getLogger("slack_sdk.web.base_client").debug("Votre vote anonyme (« Poire »)")
        logging.getLogger("discord.http").debug("Votre vote anonyme (« Poire »)")
        logging.getLogger("outarde.core").debug("une ligne d'Outarde")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, old in levels.items():
            logging.getLogger(name).setLevel(old)
    assert "Poire" not in stream.getvalue() and "une ligne d'Outarde" in stream.getvalue()


def test_sealed_ballots_have_one_length_and_open_only_for_their_poll(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from bot.features.polls import ballots

    short = ballots.seal("t", 1, ballots.evaluation_ballot({0: 5}, ""), ballots.EVALUATION_SIZE)
    long = ballots.seal(
        "t", 1, ballots.evaluation_ballot({0: 1, 1: 2}, "é" * 1000), ballots.EVALUATION_SIZE
    )
    assert len(short) == len(long)
    assert ballots.unseal("t", 1, long)["c"] == "é" * 1000
    for workspace, poll_id in (("t", 2), ("u", 1)):
        with pytest.raises(ballots.BallotError):
            ballots.unseal(workspace, poll_id, short)
    monkeypatch.delenv("OUTARDE_BALLOT_KEY")
    monkeypatch.setenv("OUTARDE_BALLOT_KEY_FILE", str(tmp_path / "keys" / "ballot.key"))
    sealed = ballots.seal("t", 1, ballots.poll_ballot(5), ballots.POLL_SIZE)
    assert (tmp_path / "keys" / "ballot.key").stat().st_mode & 0o777 == 0o600
    assert ballots.unseal("t", 1, sealed) == {"m": 5}
    with pytest.raises(ballots.BallotError):  # another key does not open it
        monkeypatch.setenv("OUTARDE_BALLOT_KEY", "another")
        ballots.unseal("t", 1, sealed)
