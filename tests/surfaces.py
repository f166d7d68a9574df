"""A surface for tests that call the core directly: it keeps what it is sent."""

from __future__ import annotations

from bot.messages import Form, Message, plain_text


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
