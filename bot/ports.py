"""What adapters implement for the core: a surface per interaction, a notifier for the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.context import Place
from bot.messages import Form, Message


class Surface(Protocol):
    """Where the answer to one interaction goes."""

    async def send(self, message: Message) -> str | None:
        """Post (or show privately when ``message.ephemeral``); the ref of a channel post."""
        ...

    async def open_form(self, form: Form) -> None:
        """Open a form (modal) for the person who acted."""
        ...


@dataclass(frozen=True)
class Delivery:
    """What travels with a post from the outbox.

    ``token`` marks the post on the platform (Slack message metadata, Discord nonce). When
    ``resumed_since`` is set, an attempt begun then may have reached the platform before its
    process died: the notifier looks for ``token`` there first and posts only what is missing.
    """

    token: str
    resumed_since: datetime | None = None


class Notifier(Protocol):
    """Posting outside any interaction: reminders, digests, updates in place."""

    async def post(
        self, place: Place, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        """Post ``message`` in ``place``; returns the platform's reference to it."""
        ...

    async def update(self, place: Place, ref: str, message: Message) -> None:
        """Replace the message ``ref`` posted earlier in ``place``."""
        ...


class RecordingNotifier:
    """A notifier that keeps what it was asked to post (tests, a console without a platform).

    Like a platform that honours idempotency tokens, it posts a token only once.
    """

    def __init__(self) -> None:
        self.posts: list[tuple[Place, Message]] = []
        self.updates: list[tuple[Place, str, Message]] = []
        self.tokens: dict[str, str] = {}

    async def post(
        self, place: Place, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        if delivery is not None and delivery.token in self.tokens:
            return self.tokens[delivery.token]
        self.posts.append((place, message))
        ref = f"{place.channel}:{len(self.posts)}"
        if delivery is not None:
            self.tokens[delivery.token] = ref
        return ref

    async def update(self, place: Place, ref: str, message: Message) -> None:
        self.updates.append((place, ref, message))
