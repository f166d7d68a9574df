"""One module (or package) per capability; importing them registers their commands."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache


@cache
def load_all() -> tuple[str, ...]:
    """Import every feature module once; returns their names."""
    names = []
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
        names.append(module.name)
    return tuple(names)
