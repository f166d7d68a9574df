"""A table with years of history: lists page in SQL, récoltes never send a huge IN list."""
# /suivi at 5,000 actions: see test_followup_list_at_five_thousand_actions

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, insert, select

from storage.db import Database
from storage.migrate import refresh_statistics
from storage.models.highlights import Highlight, HighlightTag
from testkit.fixtures import START

WORKSPACE = "console:table"
MANY = 40_000  # over asyncpg's 32,767 parameters in one statement


async def seed_highlights(db: Database, count: int, *, since_days: int = 5 * 365) -> None:
    """``count`` highlights spread over the last ``since_days`` days, each with one theme."""
    step = timedelta(days=since_days) / count
    rows = [
        {
            "workspace": WORKSPACE,
            "channel": "general",
            "author_id": f"U{n % 40}",
            "author_name": f"Personne {n % 40}",
            "organisation": f"Organisme {n % 25}",
            "text": f"Nouvelle numéro {n}",
            "created_at": START - timedelta(days=since_days) + step * n,
        }
        for n in range(count)
    ]
    async with db.session() as session:
        for start in range(0, count, 5_000):
            await session.exec(insert(Highlight), params=rows[start : start + 5_000])  # type: ignore[call-overload]
        ids = (await session.exec(select(Highlight.id).order_by(Highlight.id))).all()  # type: ignore[call-overload]
        tags = [
            {"workspace": WORKSPACE, "highlight_id": row[0], "tag": theme, "label": theme}
            for n, row in enumerate(ids)
            for theme in [("emploi", "logement", "sante")[n % 3]]
        ]
        for start in range(0, len(tags), 5_000):
            await session.exec(insert(HighlightTag), params=tags[start : start + 5_000])  # type: ignore[call-overload]
    async with db.engine.begin() as connection:  # as years of use leave them (autovacuum)
        await refresh_statistics(connection)


class Parameters:
    """The largest number of parameters any one statement carried while it listened."""

    def __init__(self, db: Database) -> None:
        self.most = 0
        self.engine = db.engine.sync_engine

    def __enter__(self) -> Parameters:
        event.listen(self.engine, "before_cursor_execute", self.seen)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self.seen)

    def seen(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if not executemany:
            self.most = max(self.most, len(parameters or ()))


async def test_list_and_harvest_at_forty_thousand_highlights(chat, db) -> None:  # type: ignore[no-untyped-def]
    await seed_highlights(db, MANY)
    with Parameters(db) as parameters:
        out = await chat.type(":moi Alice", "/faitsaillant liste")
        assert "# Faits saillants : plus de 1000 (tous)" in out
        assert "(Page 1 sur plus de 100)" in out
        assert "Nouvelle numéro 39999 #emploi (n° 40000)" in out
        out = await chat.type(":clic 1")
        assert "Nouvelle numéro 39989 " in out and "(Page 2 sur plus de 100)" in out
        out = await chat.type("/faitsaillant liste #sante")
        assert "(Page 1 sur plus de 100)" in out and "#emploi" not in out
        out = await chat.type("/faitsaillant recolte depuis 10 ans")
        assert "40000" in out.replace(" ", "").replace("\u202f", "")
    assert parameters.most <= 1_000


async def test_followup_list_at_five_thousand_actions(chat, db) -> None:  # type: ignore[no-untyped-def]
    from storage.models.followup import FollowupItem

    rows = [
        {
            "workspace": WORKSPACE,
            "channel": "general",
            "assigned_channel": "budget" if n % 8 == 0 else None,
            "kind": "action",
            "text": f"Action numéro {n}",
            "owner_id": f"U{n % 40}",
            "due_at": START + timedelta(days=1 + n % 300),
            "status": "ouverte" if n % 3 else "faite",
            "recorded_by": "U0",
            "created_at": START - timedelta(days=n % 900),
        }
        for n in range(5_000)
    ]
    async with db.session() as session:
        await session.exec(insert(FollowupItem), params=rows)  # type: ignore[call-overload]
    with Parameters(db) as parameters:
        out = await chat.type(":moi Alice", "/suivi liste")
        assert "Actions à faire : plus de 1000 éléments" in out
        assert "(Page 1 sur plus de 100)" in out
        out = await chat.type("/suivi liste 334")
        assert "(Page 334 sur 334)" in out and "Actions à faire : 3333 éléments" in out
        out = await chat.type(":canal budget", "/suivi liste toutes")
        assert "Décisions et actions : 625 éléments" in out
    assert parameters.most <= 1_000


# -- the indexes the queries use ------------------------------------------------------------
PLANS = [
    (
        "SELECT id FROM highlight WHERE workspace = 'w' AND withdrawn_at IS NULL"
        " ORDER BY created_at DESC, id DESC LIMIT 10",
        "ix_highlight_workspace_shown",
    ),
    (
        "SELECT count(*) FROM (SELECT id FROM highlight WHERE workspace = 'w'"
        " AND withdrawn_at IS NULL LIMIT 1001) AS counted",
        "COVERING INDEX ix_highlight_workspace_shown",
    ),
    (
        "SELECT id FROM highlight WHERE workspace = 'w' AND withdrawn_at IS NULL"
        " AND created_at >= '2026-01-01' AND created_at <= '2026-10-01' ORDER BY created_at, id",
        "ix_highlight_workspace_shown",
    ),
    (
        "SELECT highlight_id FROM highlighttag WHERE workspace = 'w' AND tag = 'sante'"
        " AND shown = true AND highlight_id = 7",
        # the EXISTS of a list of one theme: one probe, in an index that holds both columns
        ("ix_highlighttag_workspace_tag_shown", "sqlite_autoindex_highlighttag_1"),
    ),
    (  # the count of a list of one theme: its theme rows alone, from their index
        "SELECT count(*) FROM (SELECT highlight_id FROM highlighttag WHERE workspace = 'w'"
        " AND tag = 'sante' AND shown = true LIMIT 1001) AS counted",
        "COVERING INDEX ix_highlighttag_workspace_tag_shown",
    ),
    (  # … and of a period too: the theme's rows, each highlight checked by its key
        "SELECT count(*) FROM (SELECT highlighttag.highlight_id FROM highlighttag JOIN highlight"
        " ON highlight.id = highlighttag.highlight_id WHERE highlighttag.workspace = 'w'"
        " AND highlighttag.tag = 'sante' AND highlighttag.shown = true"
        " AND highlight.workspace = 'w' AND highlight.withdrawn_at IS NULL"
        " AND highlight.created_at >= '2026-01-01' LIMIT 1001) AS counted",
        "COVERING INDEX ix_highlighttag_workspace_tag_shown",
    ),
    (
        "SELECT highlight_id, tag, label FROM highlighttag WHERE workspace = 'w'"
        " AND highlight_id IN (1, 2, 3) ORDER BY highlight_id, id",
        "ix_highlighttag_workspace_highlight",
    ),
    (
        "SELECT highlight_id, count(id) FROM highlightinterest WHERE workspace = 'w'"
        " AND highlight_id IN (1, 2, 3) GROUP BY highlight_id",
        "ix_highlightinterest_workspace_highlight",
    ),
    (
        "SELECT DISTINCT term_key FROM vocabproposal WHERE workspace = 'w'"
        " AND status = 'adoptee' ORDER BY term_key LIMIT 10",
        "ix_vocabproposal_workspace_status_term_key",
    ),
    (  # the proposals of a glossary page's terms
        "SELECT id FROM vocabproposal WHERE workspace = 'w' AND status IN ('proposee', 'adoptee')"
        " AND term_key IN ('a', 'b', 'c') ORDER BY term_key, id",
        "ix_vocabproposal_workspace_term_key",
    ),
    (
        "SELECT term_key, count(*) FROM vocabproposal WHERE workspace = 'w'"
        " AND status IN ('proposee', 'adoptee') GROUP BY term_key ORDER BY term_key",
        "ix_vocabproposal_workspace_term_key",
    ),
    (
        "SELECT DISTINCT organisation FROM member WHERE workspace = 'w'"
        " AND organisation IS NOT NULL",
        "ix_member_workspace_organisation",
    ),
    (
        "SELECT id FROM poll WHERE workspace = 'w' AND kind = 'evaluation'"
        " ORDER BY created_at DESC, id DESC LIMIT 50",
        "ix_poll_workspace_kind_created_at",
    ),
    (  # the trends: who answered a page of evaluations, then their scores
        "SELECT poll_id, count(*) FROM pollvoter WHERE workspace = 'w'"
        " AND poll_id IN (1, 2, 3) GROUP BY poll_id",
        "ix_pollvoter_workspace_poll_id",
    ),
    (
        "SELECT poll_id, criterion, score, count FROM scoretally WHERE workspace = 'w'"
        " AND poll_id IN (1, 2, 3)",
        "ix_scoretally_workspace_poll_id",
    ),
    (
        "SELECT id FROM followupitem WHERE workspace = 'w' AND channel = 'c'"
        " AND kind = 'action' AND status = 'ouverte' ORDER BY due_at LIMIT 10",
        "ix_followupitem_place_kind_status_due",
    ),
    (  # a page of a channel's open actions: each side, dated then undated, in index order
        "SELECT id FROM followupitem WHERE workspace = 'w' AND channel = 'c' AND kind = 'action'"
        " AND status = 'ouverte' AND due_at IS NOT NULL ORDER BY due_at, id LIMIT 10",
        "COVERING INDEX ix_followupitem_place_kind_status_due",
    ),
    (
        "SELECT id FROM followupitem WHERE workspace = 'w' AND assigned_channel = 'c'"
        " AND channel != 'c' AND kind = 'action' AND status = 'ouverte' AND due_at IS NULL"
        " ORDER BY due_at, id LIMIT 10",
        "ix_followupitem_assigned_kind_status_due",
    ),
    (  # « toutes » : every kind and status, in the order of the due dates
        "SELECT id FROM followupitem WHERE workspace = 'w' AND channel = 'c'"
        " AND status != 'retiree' AND due_at IS NOT NULL ORDER BY due_at, id LIMIT 200",
        "ix_followupitem_place_due",
    ),
    (
        "SELECT id FROM followupitem WHERE workspace = 'w' AND assigned_channel = 'c'"
        " AND channel != 'c' AND status != 'retiree' AND due_at IS NOT NULL"
        " ORDER BY due_at, id LIMIT 200",
        "ix_followupitem_assigned_due",
    ),
    (  # « mes » : the person's, then their organisation's
        "SELECT id FROM followupitem WHERE workspace = 'w' AND owner_org_key = 'cdc'"
        " AND (channel = 'c' OR assigned_channel = 'c') AND kind = 'action'"
        " AND status = 'ouverte' AND (owner_id IS NULL OR owner_id != 'u')",
        "ix_followupitem_workspace_owner_org",
    ),
]


async def test_the_queries_use_their_indexes(db) -> None:  # type: ignore[no-untyped-def]
    """EXPLAIN on the migrated schema names the index made for each query."""
    async with db.engine.connect() as connection:
        if db.is_sqlite:
            await connection.exec_driver_sql("ANALYZE")
        else:  # tables this small would be read whole: ask for the plan with an index
            await connection.exec_driver_sql("SET enable_seqscan = off")
        for query, index in PLANS:
            explain = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN "
            plan = " ".join(
                str(cell)
                for row in (await connection.exec_driver_sql(explain + query)).all()
                for cell in row
            )
            wanted = (index,) if isinstance(index, str) else index
            if db.is_sqlite:  # analysed: the planner names the index made for the query
                assert any(name in plan for name in wanted), (query, plan)
            else:  # empty tables: PostgreSQL may pick any index of the table, never a full read
                assert "Index" in plan and "Seq Scan" not in plan, (query, plan)
