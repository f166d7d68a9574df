"""The start-up schema check: one query, no Alembic, the same answer as Alembic's."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic.script import ScriptDirectory

from storage import migrate
from storage.db import Database
from storage.schema import SchemaBehind, current_revisions, head_revisions, require_current
from tests.console_process import ROOT


def test_the_heads_are_alembics_heads() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert head_revisions() == frozenset(script.get_heads())


async def test_a_migrated_database_is_current(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'ok.db'}")
    try:
        await migrate.upgrade(db)
        assert await current_revisions(db) == head_revisions()
        await require_current(db)
    finally:
        await db.dispose()


async def test_a_new_or_older_database_is_behind(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        with pytest.raises(SchemaBehind):
            await require_current(db)  # never migrated
        first = ScriptDirectory.from_config(migrate.alembic_config()).get_base()
        await migrate.upgrade(db, first)
        with pytest.raises(SchemaBehind):
            await require_current(db)
    finally:
        await db.dispose()


def test_checking_the_schema_loads_no_alembic() -> None:
    probe = "import sys, storage.schema; print('alembic' in sys.modules, 'mako' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"], result.stderr


async def test_the_migration_marks_the_themes_of_withdrawn_highlights(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Theme rows stored before they carried the withdrawn state get it from their highlight."""
    from sqlalchemy import text

    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await migrate.upgrade(db, "c2d8f4a61e97")
        async with db.engine.begin() as connection:
            for withdrawn in ("NULL", "'2026-10-07 12:00:00'"):
                await connection.execute(
                    text(
                        "INSERT INTO highlight (workspace, channel, author_id, author_name, text,"
                        f" created_at, withdrawn_at) VALUES ('t', 'c', 'a', 'A', 'x',"
                        f" '2026-10-06 18:00:00', {withdrawn})"
                    )
                )
            await connection.execute(
                text(
                    "INSERT INTO highlighttag (workspace, highlight_id, tag, label) VALUES"
                    " ('t', 1, 'sante', 'santé'), ('t', 2, 'sante', 'santé'),"
                    " ('t', 2, 'emploi', 'emploi')"
                )
            )
        await migrate.upgrade(db)
        async with db.engine.connect() as connection:
            query = text("SELECT highlight_id, tag, shown FROM highlighttag ORDER BY id")
            found = [tuple(row) for row in (await connection.execute(query)).all()]
        assert found == [(1, "sante", True), (2, "sante", False), (2, "emploi", False)]
    finally:
        await db.dispose()


async def test_a_migration_leaves_planner_statistics_on_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Rows written before a migration are counted for the planner once it has run."""
    from sqlalchemy import text

    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'grown.db'}")
    try:
        await migrate.upgrade(db, "d7e1f3a5b9c2")
        voters = [{"p": n // 3, "u": f"u{n}"} for n in range(300)]  # three per evaluation
        async with db.engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO pollvoter (workspace, poll_id, user_id) VALUES ('w', :p, :u)"),
                voters,
            )
        await migrate.upgrade(db)
        async with db.engine.connect() as connection:
            stats = dict(
                (await connection.exec_driver_sql(
                    "SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'pollvoter'"
                )).all()
            )  # fmt: skip
            limit = (await connection.exec_driver_sql("PRAGMA analysis_limit")).scalar()
    finally:
        await db.dispose()
    assert stats["ix_pollvoter_workspace_poll_id"] == "300 300 3"  # rows, per workspace, per poll
    assert limit == 0  # the connection goes back to the pool as it was
