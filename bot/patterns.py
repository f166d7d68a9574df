"""Regular expressions compiled at their first use, not when their module is imported: the
date rules alone hold about a hundred large patterns, and a start that parses no date should
not pay for them."""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """``re.compile(source, flags)``, done the first time the pattern is used."""

    __slots__ = ("_compiled", "flags", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # match, search, sub, finditer, pattern…
        return getattr(self.compiled, name)
