"""The Discord bot: slash commands, clicks and modal submissions handed to the core."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord

from adapters.discord.commands import CatalogTranslator, Handlers, build_tree
from adapters.discord.components import (
    FORM_PREFIX,
    OPEN_FORM,
    FormCache,
    modal_values,
    open_form_button,
    read_form_id,
    routed_items,
    with_answers,
)
from adapters.discord.intake import (
    ACTION,
    COMMAND,
    FORM,
    KINDS,
    ResumedInteraction,
    interaction_record,
    invocation_of,
)
from adapters.discord.mentions import typed_text
from adapters.discord.notifier import DiscordNotifier
from adapters.discord.posting import Channels, message_ref
from adapters.discord.render import Part
from adapters.discord.surface import InteractionSurface
from adapters.startup import drain_budget
from bot.app import Outarde
from bot.compose import build_core
from bot.context import Actor, Invocation, Place
from bot.i18n import normalise_language, t
from bot.inbox import Refusal, Ticket
from bot.ports import Notifier
from storage.db import Database

log = logging.getLogger("outarde.discord")
T = TypeVar("T")
PLATFORM = "discord"
DEFER_AFTER = 2.0  # seconds: Discord wants an answer within 3
RECORD_BUDGET = 1.0  # seconds an inbox record may hold the intake (a busy database: it goes on)
SUGGEST_TIMEOUT = 2.0


class OutardeClient(discord.Client):
    """A discord.py client whose every interaction goes through the Outarde core.

    This is the Discord adapter's composition root: the notifier, the command tree, the
    buttons and each interaction's surface receive the functions and stores they use.
    """

    @classmethod
    def build(cls, db: Database, *, start_scheduler: bool = True) -> OutardeClient:
        """The client of a core on ``db``, delivering through this client."""

        def core_for(notifier: Notifier) -> Outarde:  # runs only the guilds' jobs
            return build_core(db, notifier, platform="discord")

        return cls(core_for, start_scheduler=start_scheduler)

    def __init__(
        self,
        core_for: Callable[[Notifier], Outarde],
        *,
        defer_after: float = DEFER_AFTER,
        start_scheduler: bool = True,
    ) -> None:
        super().__init__(
            intents=discord.Intents(guilds=True), allowed_mentions=discord.AllowedMentions.none()
        )
        self.defer_after = defer_after
        self.start_scheduler = start_scheduler
        self.forms = FormCache()
        self.channels = Channels(self.get_partial_messageable, self.http, lambda: self.user)
        # the core is built with this notifier: its clock is read when a delivery needs it
        self.notifier = DiscordNotifier(self.channels, now=lambda: self.app.clock.now())
        self.app = core_for(self.notifier)
        self.tree = build_tree(self, self.app.router, Handlers(self.on_command, self.suggestions))
        self.add_dynamic_items(*routed_items(self.on_action))
        self.app.inbox.serve(self._resume, KINDS)  # what a stopped process left runs here
        self._drained = False

    async def setup_hook(self) -> None:
        await self.tree.set_translator(CatalogTranslator())
        if self.start_scheduler:
            await self.app.scheduler.start()
            await self.app.inbox.start()  # what a stopped process took in runs first

    async def close(self) -> None:
        """Finish the work taken in (within the stop's budget: what is left runs at the next
        start), then stop the background work and the connection."""
        if not self._drained:
            self._drained = True
            await self.drain(drain_budget())
            if self.start_scheduler:
                await self.app.inbox.stop()
                await self.app.scheduler.stop()
        await super().close()

    async def drain(self, budget: float) -> None:
        """Wait at most ``budget`` seconds for the interactions taken in to be done."""
        try:
            await asyncio.wait_for(asyncio.shield(self.app.inbox.drain()), budget)
        except TimeoutError:  # kept in the inbox: the next process runs it
            log.warning("stopped with work unfinished", extra={"pending": self.app.inbox.pending})

    # -- who, where ------------------------------------------------------------------------
    @staticmethod
    def invocation(interaction: discord.Interaction) -> Invocation:
        """Place, person and language of an interaction."""
        user = interaction.user
        workspace = str(interaction.guild_id) if interaction.guild_id else f"dm-{user.id}"
        place = Place(PLATFORM, workspace, str(interaction.channel_id or user.id))
        permissions = interaction.permissions
        is_admin = interaction.guild_id is not None and (
            permissions.administrator or permissions.manage_guild
        )
        message = interaction.message
        return Invocation(
            place,
            Actor(str(user.id), typed_text(user.display_name), is_admin),
            str(interaction.locale),
            message_ref(message.channel.id, message.id) if message else None,
        )

    def _surface(
        self, interaction: discord.Interaction | ResumedInteraction, person: int | None = None
    ) -> InteractionSurface:
        """The answer to one interaction, deferred after ``defer_after`` seconds (a resumed
        one's private answers reach ``person`` once its token has ended)."""

        async def post_privately(part: Part) -> None:
            assert person is not None
            channel, guild = interaction.channel_id, interaction.guild_id
            await self.channels.post_privately(person, channel, guild, part)

        return InteractionSurface(
            interaction,
            defer_after=self.defer_after,
            forms=self.forms,
            post_part=self.channels.post_part,
            post_privately=post_privately if person is not None else None,
        )

    # -- what the person did ---------------------------------------------------------------
    async def on_command(self, interaction: discord.Interaction, family: str, text: str) -> None:
        """A slash command: the core's ``/family text``."""
        surface = self._surface(interaction)
        inv = self.invocation(interaction)
        neutral = typed_text(text)  # mentions made neutral
        await self._in_turn(
            surface,
            inv,
            lambda: self.app.command(inv, family, neutral, surface),
            (COMMAND, {"family": family, "text": neutral}),
        )

    async def on_action(self, interaction: discord.Interaction, action: str, value: str) -> None:
        """A button or a select: the core's action (or the adapter's own « open the form »)."""
        surface = self._surface(interaction)
        if action == OPEN_FORM:
            form = self.forms.get(value)
            if form is not None:
                await surface.open_form(form)
            else:
                await surface.send_part(
                    Part(content=t(surface.language, "discord.form_expired")), ephemeral=True
                )
            return
        inv = self.invocation(interaction)
        await self._in_turn(
            surface,
            inv,
            lambda: self.app.action(inv, action, value, surface),
            (ACTION, {"action": action, "value": value}),
        )

    async def _in_turn(
        self,
        surface: InteractionSurface,
        inv: Invocation,
        start: Callable[[], Awaitable[T]],
        record: tuple[str, dict[str, Any]],
        *,
        finish: bool = True,
    ) -> T | None:
        """Record the interaction in the inbox, then run the core's work in the person's
        turn, within the limits (the person is told when it is refused: None); deferred if
        it takes longer than Discord waits."""
        ticket = await self._admitted(surface, inv)
        if ticket is None:
            return None
        result: list[T] = []

        async def work(recording: asyncio.Future[bool] | None) -> None:
            if recording is not None and not await recording:  # the same interaction again
                log.info("repeated interaction ignored", extra={"kind": record[0]})
                return
            result.append(await start())

        async def intake() -> None:
            inbox = self.app.inbox
            try:
                surface.language = await self.app.language_of(inv.place, inv.locale)
                kind, what = record
                payload = interaction_record(surface.interaction, inv, what)
                key = (PLATFORM, kind, surface.interaction.id)
                recording = inbox.record(ticket, kind, key, payload)
                await recording.within(RECORD_BUDGET)  # a busy database: recorded later
            except BaseException:
                inbox.release(ticket)  # its turn passes: the person's next one runs
                raise
            await inbox.run(ticket, work(recording.stored))

        await surface.within_deadline(intake(), finish=finish)
        return result[0] if result else None

    async def _resume(self, kind: str, payload: dict[str, Any]) -> None:
        """Run again an interaction a stopped process took in and did not finish; its
        answers are the interaction's follow-ups while Discord takes them."""
        inv = invocation_of(payload)
        interaction = ResumedInteraction.of(payload, self._connection)
        surface = self._surface(interaction, int(inv.actor.user_id))
        surface.language = await self.app.language_of(inv.place, inv.locale)
        work = payload["work"]
        if kind == COMMAND:
            await self.app.command(inv, str(work["family"]), str(work["text"]), surface)
        elif kind == ACTION:
            await self.app.action(inv, str(work["action"]), str(work["value"]), surface)
        elif kind == FORM:
            form_id, state = str(work["form_id"]), str(work["state"])
            errors = await self.app.submit(inv, form_id, dict(work["values"]), state, surface)
            if errors:
                await self._show_form_errors(surface, form_id, state, dict(work["typed"]), errors)
        await surface.finish()

    async def _admitted(self, surface: InteractionSurface, inv: Invocation) -> Ticket | None:
        """The person's turn (their interactions run in order) within the rate limits and
        the queue's bound; else None, the person told at once in their interaction's
        language (no database read)."""
        admitted = self.app.inbox.admit(inv.place.workspace_id, inv.actor.user_id)
        if isinstance(admitted, Refusal):
            text = admitted.text(normalise_language(inv.locale))
            await surface.send_part(Part(content=text), ephemeral=True)
            return None
        return admitted

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Modal submissions are routed here by their custom_id (they survive restarts)."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data = interaction.data or {}
        identifier = str(data.get("custom_id", ""))
        if identifier.startswith(FORM_PREFIX):
            await self.on_submit(interaction, identifier, data.get("components", []))

    async def on_submit(
        self, interaction: discord.Interaction, identifier: str, components: list
    ) -> None:
        surface = self._surface(interaction)
        found = read_form_id(identifier, self.forms)
        if found is None:
            await surface.send_part(
                Part(content=t(surface.language, "discord.form_expired")), ephemeral=True
            )
            return
        form_id, state = found
        values = modal_values(components)
        neutral = {name: typed_text(value) for name, value in values.items()}
        inv = self.invocation(interaction)
        errors = await self._in_turn(
            surface,
            inv,
            lambda: self.app.submit(inv, form_id, neutral, state, surface),
            (FORM, {"form_id": form_id, "state": state, "values": neutral, "typed": values}),
            finish=False,
        )
        if errors:
            await self._show_form_errors(surface, form_id, state, values, errors)
        await surface.finish()

    async def _show_form_errors(
        self,
        surface: InteractionSurface,
        form_id: str,
        state: str,
        values: dict[str, str],
        errors: dict[str, str],
    ) -> None:
        """Modals cannot show errors: list them, with a button to reopen the filled form."""
        form = self.forms.find(form_id, state)
        labels = {i.field_id: i.label for i in form.inputs} if form else {}
        lines = "\n".join(f"• {labels.get(name, name)} : {error}" for name, error in errors.items())
        language = surface.language
        if form is None:
            part = Part(content=t(language, "discord.form_errors_expired", errors=lines))
        else:
            token = self.forms.keep(with_answers(form, values))
            part = Part(
                content=t(language, "discord.form_errors", errors=lines),
                rows=[[open_form_button(token, t(language, "discord.fix_form"))]],
            )
        await surface.send_part(part, ephemeral=True)

    async def suggestions(
        self, interaction: discord.Interaction, family: str, prefix: str
    ) -> list[tuple[str, str]]:
        """Autocomplete: the answers of the core's ``suggest.<family>`` hooks, quickly."""
        if not self.app.router.hooks.get(f"suggest.{family}"):
            return []
        inv = self.invocation(interaction)
        try:
            typed = typed_text(prefix)
            return await asyncio.wait_for(self.app.suggest(inv, family, typed), SUGGEST_TIMEOUT)
        except Exception:
            log.exception("autocomplete failed for /%s", family)
            return []


__all__ = ["OutardeClient"]
