"""Delivery: a handler's outputs go to the person's surface, another channel, or in place."""

from __future__ import annotations

import logging

from bot.context import Place
from bot.messages import Form, Message, Output, Update
from bot.ports import Delivery, Notifier, Surface
from bot.posted import PostedMessages

log = logging.getLogger("outarde.core")


class Courier:
    """Sends outputs through the interaction's surface or the adapter's notifier."""

    def __init__(self, notifier: Notifier, posted: PostedMessages) -> None:
        self.notifier = notifier
        self.posted = posted

    async def deliver(self, place: Place, outputs: list[Output], surface: Surface) -> None:
        """Send each output: posts and private replies, forms, updates in place (messages
        ``to`` another person went to the outbox before: see ``post``)."""
        answers_first = [o for o in outputs if not isinstance(o, Update)]
        answers_first += [o for o in outputs if isinstance(o, Update)]
        for output in answers_first:  # the interaction is answered before cards are redrawn
            if isinstance(output, Form):
                await surface.open_form(output)
            elif isinstance(output, Update):
                await self.update_posted(place, output.key, output.message)
            elif isinstance(output, Message):
                await self._post(place, output, surface)

    async def _post(self, place: Place, message: Message, surface: Surface) -> None:
        elsewhere = message.channel and message.channel != place.channel
        target = Place(place.platform, place.workspace, message.channel) if elsewhere else place
        if elsewhere and not message.ephemeral:
            ref = await self.notifier.post(target, message)
        else:
            target, ref = place, await surface.send(message)
        if message.key and ref and not message.ephemeral:
            await self.posted.save(target, message.key, ref)

    async def post(
        self, place: Place, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        """Post outside any interaction (the outbox's deliveries); a message ``to`` someone
        goes to that person alone."""
        if message.to:
            return await self.notifier.tell(place, message.to, message, delivery)
        return await self.notifier.post(place, message, delivery)

    async def update_posted(self, place: Place, key: str, message: Message) -> bool:
        """Replace the message posted under ``key`` in this workspace; False if unknown."""
        known = await self.posted.find(place, key)
        if known is None:
            log.info("no posted message to update", extra={"key": key})
            return False
        channel, ref = known
        await self.notifier.update(Place(place.platform, place.workspace, channel), ref, message)
        return True
