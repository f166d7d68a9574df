"""What adapters implement for the core: a surface per interaction, a notifier for the rest."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.context import Place
from bot.messages import Form, Message

log = logging.getLogger("outarde.ports")


class Surface(Protocol):
    """Where the answer to one interaction goes."""

    async def send(self, message: Message) -> str | None:
        """Post (or show privately when ``message.ephemeral``); the ref of a channel post."""
        ...

    async def open_form(self, form: Form) -> None:
        """Open a form (modal) for the person who acted."""
        ...


class Notifier(Protocol):
    """Posting outside any interaction: reminders, digests, updates in place."""

    async def post(self, place: Place, message: Message) -> str | None:
        """Post ``message`` in ``place``; returns the platform's reference to it."""
        ...

    async def update(self, place: Place, ref: str, message: Message) -> None:
        """Replace the message ``ref`` posted earlier in ``place``."""
        ...


class NotifierSurface:
    """The surface of scheduled work: everything goes to the channel through the notifier."""

    def __init__(self, notifier: Notifier, place: Place) -> None:
        self.notifier = notifier
        self.place = place

    async def send(self, message: Message) -> str | None:
        if message.ephemeral:
            log.warning("private message dropped: no person to show it to")
            return None
        return await self.notifier.post(self.place, message)

    async def open_form(self, form: Form) -> None:
        log.warning("form %s dropped: no person to open it for", form.form_id)


class RecordingNotifier:
    """A notifier that keeps what it was asked to post (console without a platform, tests)."""

    def __init__(self) -> None:
        self.posts: list[tuple[Place, Message]] = []
        self.updates: list[tuple[Place, str, Message]] = []

    async def post(self, place: Place, message: Message) -> str | None:
        self.posts.append((place, message))
        return f"{place.channel}:{len(self.posts)}"

    async def update(self, place: Place, ref: str, message: Message) -> None:
        self.updates.append((place, ref, message))
