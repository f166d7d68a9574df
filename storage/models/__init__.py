"""Every SQLModel table of Outarde. Each module of this package holds one feature's tables.

Importing this package defines the core's tables only; a feature's tables are defined when
its module is imported (a process that starts with nothing to do defines none of them).
``every_table()`` imports them all, for what needs the complete metadata: Alembic, creating
the schema, a workspace's export and erasure. Every table carries a ``workspace`` column.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

from storage.models.base import metadata
from storage.models.core import (
    Coordinator,
    Job,
    Member,
    Outbox,
    PostedMessage,
    Setting,
    Workspace,
)


def every_table() -> MetaData:
    """The metadata with every table of every feature on it."""
    for module in pkgutil.iter_modules(__path__):
        if module.name not in {"base", "core"}:
            importlib.import_module(f"{__name__}.{module.name}")
    return metadata


__all__ = [
    "Coordinator",
    "Job",
    "Member",
    "Outbox",
    "PostedMessage",
    "Setting",
    "Workspace",
    "every_table",
    "metadata",
]
