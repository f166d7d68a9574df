"""Who speaks, where, and in which language: the core's view of an event."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.text import clean, harmless


@dataclass(frozen=True)
class Place:
    """A channel of a workspace on one platform (console, slack, discord)."""

    platform: str
    workspace: str
    channel: str

    @property
    def workspace_id(self) -> str:
        """The workspace key stored on every row: ``platform:workspace``."""
        return f"{self.platform}:{self.workspace}"

    @classmethod
    def stored(cls, workspace_id: str, channel: str) -> Place:
        """The place of a stored row: its ``workspace_id`` and its channel."""
        platform, _, workspace = workspace_id.partition(":")
        return cls(platform, workspace, channel)


@dataclass(frozen=True)
class Actor:
    """A person acting; ``is_admin`` is the platform's own admin flag."""

    user_id: str
    name: str
    is_admin: bool = False


def display_name(actor: Actor) -> str:
    """How the bot names a person: the platform's name, cleaned and unable to ping."""
    return harmless(clean(actor.name))[:200] or actor.user_id


@dataclass(frozen=True)
class Invocation:
    """One command, button press or form submission as the adapter saw it."""

    place: Place
    actor: Actor
    locale: str | None = None  # the person's own language, when the platform sends it
    message_ref: str | None = None  # the platform message a button belongs to
    extra: dict[str, str] = field(default_factory=dict)
    # a mention names a real member of the workspace (Slack, Discord); the console's
    # « @Zoé » names whoever the person typed
    mentions_are_people: bool = True
