"""A query the database refuses is our fault, not an outage; logs never carry the SQL."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from bot.context import Actor, Invocation, Place
from bot.ctx import Ctx
from bot.failures import is_outage
from bot.router import Feature, Router
from storage.models import Member
from testkit.doubles import Answers
from testkit.fixtures import postgres_only, router_with

PLACE = Place("console", "t1", "general")
ALICE = Actor("alice", "Alice")
PROBES = Feature("tests")


@PROBES.command("essai", "requete", help="outarde.help.aide")
async def bad_query(ctx: Ctx, text_: str) -> None:
    """A statement the database refuses (a table that does not exist)."""
    await ctx.session.exec(text("SELECT secret_column FROM no_such_table WHERE x = 'p4ss'"))


@PROBES.command("essai", "liste", help="outarde.help.aide")
async def huge_in_list(ctx: Ctx, text_: str) -> None:
    """More parameters than PostgreSQL's protocol takes (32,767)."""
    ids = [f"u{n}" for n in range(40_000)]
    await ctx.session.exec(select(Member).where(col(Member.user_id).in_(ids)))


@pytest.fixture
def router() -> Router:
    return router_with(PROBES)


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        json.dumps({**record.__dict__, "msg": record.getMessage()}, default=str)
        for record in caplog.records
    )


async def test_a_refused_query_gets_the_internal_error_reply(app, caplog) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    with caplog.at_level(logging.INFO):
        await app.command(Invocation(PLACE, ALICE), "essai", "requete", answers)
    assert "quelque chose s'est mal passé" in answers.text
    assert "momentanément indisponible" not in answers.text
    shown = logged(caplog)
    assert "unexpected error" in shown and "no_such_table" in shown  # the database's words
    assert "SELECT" not in shown and "p4ss" not in shown  # never the statement
    assert "tests/bot/test_failures.py" in shown  # where it happened
    assert '"outcome": "error"' in shown


@postgres_only
@pytest.mark.parametrize("db", ["postgresql"], indirect=True)
async def test_too_many_parameters_on_postgresql_is_not_an_outage(app, caplog) -> None:  # type: ignore[no-untyped-def]
    answers = Answers()
    with caplog.at_level(logging.INFO):
        await app.command(Invocation(PLACE, ALICE), "essai", "liste", answers)
    assert "quelque chose s'est mal passé" in answers.text
    shown = logged(caplog)
    assert "u39999" not in shown and "SELECT" not in shown
    assert len(shown) < 20_000  # no statement of 640 KB in the log


def test_only_a_lost_connection_is_an_outage() -> None:
    from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError

    class ConnectionDoesNotExistError(Exception):
        """asyncpg's name for a connection that was closed under us."""

    assert is_outage(ConnectionRefusedError())
    assert is_outage(OperationalError("SELECT 1", {}, Exception("database is locked")))
    assert is_outage(InterfaceError("SELECT 1", {}, ConnectionDoesNotExistError()))
    assert not is_outage(InterfaceError("SELECT 1", {}, Exception("too many arguments")))
    assert not is_outage(ProgrammingError("SELECT 1", {}, Exception("syntax error")))
    assert not is_outage(OperationalError("SELECT 1", {}, Exception("no such table: t")))
    assert not is_outage(ValueError("bad"))
