"""Is the database's schema current? One cheap query, without loading Alembic.

The newest revisions are read from the migration files' ``revision`` and ``down_revision``
lines; the database's from ``alembic_version``. ``storage.migrate`` (Alembic) is needed only
to upgrade.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage.db import Database

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision(?:: str)? = ['\"]([0-9a-f]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:: [^=]+)? = (.+)$", re.M)
_ID = re.compile(r"['\"]([0-9a-f]+)['\"]")


class SchemaBehind(Exception):
    """The database is missing migrations: ``outarde db upgrade`` brings it up to date."""


@cache
def head_revisions() -> frozenset[str]:
    """The revisions no other migration builds on."""
    revisions, parents = set(), set()
    for path in VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down is not None:
            parents.update(_ID.findall(down.group(1)))
    return frozenset(revisions - parents)


async def current_revisions(db: Database) -> frozenset[str]:
    """The revisions the database is at (empty for a database never migrated)."""
    try:
        async with db.engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(row[0] for row in rows)
    except DBAPIError as error:
        if "alembic_version" in str(error.orig):  # no such table: never migrated
            return frozenset()
        raise


async def require_current(db: Database) -> None:
    """Raise SchemaBehind unless the database is at the newest migration."""
    found = await current_revisions(db)
    if found != head_revisions():
        raise SchemaBehind(", ".join(sorted(found)) or "vide")
