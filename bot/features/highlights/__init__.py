"""/faitsaillant: news from the territory shared between meetings, and the récolte."""

from __future__ import annotations

from bot.features.highlights import actions, harvest, listing, posting

__all__ = ["actions", "harvest", "listing", "posting"]
