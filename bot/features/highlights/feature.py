"""The declarations of /faitsaillant's handlers, installed on a router by ``setup``."""

from __future__ import annotations

from bot.router import Feature

feature = Feature("highlights")
