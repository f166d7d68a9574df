"""A surface for tests that call the core directly: it keeps what it is sent."""

from __future__ import annotations

from bot.context import Place
from bot.messages import Form, Message, plain_text
from bot.ports import Notifier


class Answers:
    """Keeps every message and form; channel posts get a reference, as on a platform."""

    def __init__(self) -> None:
        self.sent: list[Message] = []
        self.forms: list[Form] = []

    async def send(self, message: Message) -> str | None:
        self.sent.append(message)
        return None if message.ephemeral else f"ref{len(self.sent)}"

    async def open_form(self, form: Form) -> None:
        self.forms.append(form)

    @property
    def text(self) -> str:
        return "\n".join(plain_text(m) for m in self.sent)


class NotifierSurface:
    """Everything goes to the channel through a notifier, as for scheduled work."""

    def __init__(self, notifier: Notifier, place: Place) -> None:
        self.notifier = notifier
        self.place = place

    async def send(self, message: Message) -> str | None:
        return None if message.ephemeral else await self.notifier.post(self.place, message)

    async def open_form(self, form: Form) -> None:
        return None
