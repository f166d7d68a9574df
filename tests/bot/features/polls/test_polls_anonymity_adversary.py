"""Anonymity against someone who reads the whole database after every vote.

Two tables run the same anonymous poll and the same evaluation, with the same people voting
in the same order at the same times; only *who chose what* differs (the same choices, handed
out to different people). After each vote, and after the close, everything an adversary can
read is taken: every row of every table, in id order, with its timestamps, the outbox (every
message queued for the platform), and on PostgreSQL each row's transaction id (``xmin``),
named by which voter's transaction wrote it or where it falls between them. If the two tables
look the same at every step, nothing in the database tells one assignment from another: no
attribution of a choice to a person beats chance.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.clock import ManualClock
from bot.compose import build_core, build_router
from bot.context import Actor, Invocation, Place
from storage.db import Database
from testkit.doubles import Answers, RecordingNotifier
from testkit.fixtures import DATABASES, START, drop_schema, postgres_database, sqlite_database

PLACE = Place("console", "table", "general")
VOTERS = ["bruno", "chloe", "denis", "eve", "fanny", "gael"]
MASKS = [1, 2, 4, 1, 2, 4]  # Oui, Non, Peut-être, twice each
SCORES = [["5", "1"], ["1", "5"], ["3", "3"], ["5", "1"], ["1", "5"], ["3", "3"]]
COMMENTS = ["Très bon climat", "Trop long", "", "Merci", "Ordre du jour flou", ""]
TABLES = ["poll", "pollchoice", "pollvoter", "pollvote", "pollballot", "scoretally",
          "pollcomments", "outbox", "job", "member", "workspace"]  # fmt: skip
RANDOM = {"token", "holder", "sealed"}  # random by design: kept as their length only


def who(name: str) -> Invocation:
    return Invocation(PLACE, Actor(name, name.title()))


async def tables(database: Database) -> dict[str, list[dict[str, object]]]:
    """Every row of every table of interest, in id order; ``xmin`` too on PostgreSQL."""
    postgres = database.engine.dialect.name == "postgresql"
    found: dict[str, list[dict[str, object]]] = {}
    async with database.engine.connect() as connection:
        for table in TABLES:
            extra = ", xmin::text AS xmin" if postgres else ""
            try:
                rows = await connection.execute(text(f"SELECT *{extra} FROM {table} ORDER BY 1"))
            except Exception:  # a table this version does not have
                await connection.rollback()
                continue
            found[table] = [dict(row._mapping) for row in rows]
    return found


def normalised(snapshot: dict[str, list[dict[str, object]]], texts: list[str]) -> str:
    """The snapshot with random values reduced to their length, each comment text replaced by
    one placeholder (their order is shuffled on purpose), and each transaction id named by
    its place among the voters' transactions."""
    voter_xmins = sorted(int(str(r["xmin"])) for r in snapshot.get("pollvoter", []) if "xmin" in r)

    def xmin_label(value: object) -> str:
        number = int(str(value))
        if number in voter_xmins:
            return f"voter#{voter_xmins.index(number)}"
        return f"after#{sum(1 for x in voter_xmins if x < number)}"

    out = {}
    for table, rows in snapshot.items():
        kept = []
        for row in rows:
            row = dict(row)
            for column in RANDOM & set(row):
                row[column] = len(str(row[column]))
            if "xmin" in row:
                row["xmin"] = xmin_label(row["xmin"])
            if table == "pollcomments":
                row["texts"] = sorted(json.loads(str(row["texts"])))
            kept.append(row)
        out[table] = kept
    dumped = json.dumps(out, default=str, ensure_ascii=False, sort_keys=True)
    for comment in filter(None, texts):
        dumped = dumped.replace(comment, "<commentaire>")
    return re.sub(r"<commentaire>(?:(?:\\\\n|, |\\n|\W)*<commentaire>)*", "<commentaires>", dumped)


async def run_table(database: Database, order: list[int]) -> list[str]:
    """The table's poll and evaluation, voter ``i`` giving answer ``order[i]``; a normalised
    snapshot after each vote and after the close."""
    clock = ManualClock(START)
    app = build_core(database, RecordingNotifier(), clock=clock, founder_is_coordinator=True,
                     router=build_router())  # fmt: skip
    await app.command(who("alice"), "outarde", "config criteres climat, animation", Answers())
    for name in VOTERS:  # everyone is a known member before the votes
        await app.command(who(name), "sondage", "liste", Answers())
    await app.command(who("alice"), "sondage", '"Q ?" Oui Non Peut-être anonyme', Answers())
    await app.command(who("alice"), "sondage", "evaluation Rencontre", Answers())
    snapshots = []
    for index, name in enumerate(VOTERS):
        answer = order[index]
        clock.advance(timedelta(minutes=1))
        await app.action(who(name), "polls.vote", f"1:{MASKS[answer].bit_length() - 1}", Answers())
        await app.action(who(name), "polls.cast", f"1:{MASKS[answer]}", Answers())
        opened = Answers()
        await app.action(who(name), "polls.evaluate", "2", opened)
        form = opened.forms[0]
        values = {"c0": SCORES[answer][0], "c1": SCORES[answer][1], "comment": COMMENTS[answer]}
        await app.submit(who(name), form.form_id, values, form.state, Answers())
        clock.advance(timedelta(seconds=5))
        await app.run_due()  # the catch-up refreshes: outbox rows
        snapshots.append(normalised(await tables(database), COMMENTS))
    clock.advance(timedelta(minutes=1))
    for poll_id in (1, 2):
        await app.command(who("alice"), "sondage", f"fermer {poll_id}", Answers())
    await app.run_due()
    snapshots.append(normalised(await tables(database), COMMENTS))
    return snapshots


@pytest.mark.parametrize("engine", DATABASES)
async def test_the_database_tells_no_one_assignment_of_choices_from_another(
    engine: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    orders = ([0, 1, 2, 3, 4, 5], [5, 3, 4, 1, 0, 2])  # the same answers, other people
    seen = []
    for number, order in enumerate(orders):
        if engine == "sqlite":
            (tmp_path / str(number)).mkdir()
            database, schema = await sqlite_database(tmp_path / str(number)), None
        else:
            database, schema = await postgres_database()
        try:
            seen.append(await run_table(database, order))
        finally:
            await database.dispose()
            if schema:
                await drop_schema(schema)
    first, second = seen
    for step, (one, other) in enumerate(zip(first, second, strict=True)):
        assert one == other, f"after vote {step + 1}: the database tells the two tables apart"
    final = json.loads(first[-1])
    assert sorted(c["votes"] for c in final["pollchoice"]) == [2, 2, 2]  # all counted at close
    assert final.get("pollballot", []) == []
