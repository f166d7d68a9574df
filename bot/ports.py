"""What adapters implement for the core: a surface per interaction, a notifier for the rest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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


class TakenOver(Exception):
    """Another process took this delivery over: this one must write nothing more of it."""


@dataclass(frozen=True)
class Delivery:
    """What travels with a post from the outbox.

    ``token`` marks the post on the platform (Slack message metadata, Discord nonce). When
    ``resumed_since`` is set, an attempt begun then may have reached the platform before its
    process died: the notifier looks for ``token`` there first and posts only what is missing.
    ``renew`` extends this process's lease on the delivery; it answers False once another
    process has taken the delivery over.
    """

    token: str
    resumed_since: datetime | None = None
    renew: Callable[[], Awaitable[bool]] | None = None

    async def before_write(self) -> None:
        """Call before each write to the platform: renews the lease, or raises TakenOver."""
        if self.renew is not None and not await self.renew():
            raise TakenOver(self.token)


async def posted_before(known: dict[str, str], delivery: Delivery | None) -> str | None:
    """For notifiers that remember tokens in memory: the ref ``delivery`` was already posted
    under, else None once its lease is renewed (TakenOver when it cannot be)."""
    if delivery is None:
        return None
    if delivery.token in known:
        return known[delivery.token]
    await delivery.before_write()
    return None


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

    async def tell(
        self, place: Place, user_id: str, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        """Show ``message`` to the person ``user_id`` alone: a direct message where the
        platform allows it, else privately in ``place`` (the channel it concerns)."""
        ...
