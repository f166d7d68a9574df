"""The declarations of /rencontre's handlers, installed on a router by ``setup``."""

from __future__ import annotations

from bot.router import Feature

feature = Feature("meetings")
