"""The doubles tests and benchmarks share: a recording notifier and recording surfaces."""

from __future__ import annotations

from bot import refs
from bot.context import Place
from bot.messages import Form, Message, plain_text
from bot.ports import Delivery, Notifier, posted_before


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


class RecordingNotifier:
    """A notifier that keeps what it was asked to post (tests, a console without a platform).

    Like a platform that honours idempotency tokens, it posts a token only once.
    """

    def __init__(self) -> None:
        self.posts: list[tuple[Place, Message]] = []
        self.updates: list[tuple[Place, str, Message]] = []
        self.told: list[tuple[Place, str, Message]] = []  # (place, person, message)
        self.tokens: dict[str, str] = {}

    async def post(
        self, place: Place, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        if (ref := await posted_before(self.tokens, delivery)) is not None:
            return ref
        self.posts.append((place, message))
        ref = f"{place.channel}:{len(self.posts)}"
        if delivery is not None:
            self.tokens[delivery.token] = ref
        return ref

    async def update(self, place: Place, ref: str, message: Message) -> None:
        self.updates.append((place, ref, message))

    async def tell(
        self, place: Place, user_id: str, message: Message, delivery: Delivery | None = None
    ) -> str | None:
        if (ref := await posted_before(self.tokens, delivery)) is not None:
            return ref
        self.told.append((place, user_id, message))
        ref = f"dm:{user_id}:{len(self.told)}"
        if delivery is not None:
            self.tokens[delivery.token] = ref
        return ref


def mention(user_id: str, label: str = "") -> str:
    """How a person typed ``@name`` reaches the core, for tests that type into the core: the
    neutral reference every adapter makes of a platform's mention."""
    return refs.person(user_id, label)
