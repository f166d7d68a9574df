"""Every SQLModel table of Outarde. Each module of this package holds one feature's tables.

Importing this package imports them all, so ``SQLModel.metadata`` is complete
(Alembic and the test fixtures rely on it). Every table carries a ``workspace`` column.
"""

from __future__ import annotations

import importlib
import pkgutil

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

for _module in pkgutil.iter_modules(__path__):
    if _module.name not in {"base", "core"}:
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "Coordinator",
    "Job",
    "Member",
    "Outbox",
    "PostedMessage",
    "Setting",
    "Workspace",
    "metadata",
]
