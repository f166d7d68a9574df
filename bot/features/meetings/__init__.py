"""/rencontre: planning, reminders, RSVP, agenda, trio d'animation and calendar files."""

from __future__ import annotations

from bot.features.meetings import (  # noqa: F401  (importing registers the commands)
    agenda,
    calendar,
    planning,
    reminders,
    rsvp,
    settings,
    trio,
)
