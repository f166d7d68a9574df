"""Answers to one interaction: within 3 seconds, then follow-ups.

The core runs while a timer waits; whatever it sends first becomes the interaction's own
response (a message, or a modal when the core opens a form). If the core is still busy when
the timer ends, the interaction is deferred and every answer becomes a follow-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord

from adapters.discord.components import FormCache, build_modal, open_form_button
from adapters.discord.intake import ResumedInteraction
from adapters.discord.posting import NO_MENTIONS, message_ref, part_arguments
from adapters.discord.render import Part, render
from bot.i18n import t
from bot.messages import Form, Message

log = logging.getLogger("outarde.discord")
T = TypeVar("T")
PostPart = Callable[[int | None, int | None, Part], Awaitable[str | None]]
"""Post a part to a channel (channel id, guild id, part): its ``channel_id/message_id``."""
PostPrivately = Callable[[Part], Awaitable[None]]
"""Show a part to the person alone outside the interaction (their direct messages)."""


class InteractionSurface:
    """The core's Surface for one Discord interaction.

    ``defer_after``: seconds the core may take before the interaction is deferred; ``forms``:
    the forms kept to reopen; ``post_part``: how a public answer reaches the channel once the
    interaction's own answer is a private placeholder; ``post_privately``: where a private
    answer goes when the interaction can no longer carry it (resumed after its token ended).

    A resumed interaction (taken in by a process that stopped) was deferred by that process:
    its answers are follow-ups while Discord takes them, then go to the channel or, private,
    to ``post_privately``.
    """

    def __init__(
        self,
        interaction: discord.Interaction | ResumedInteraction,
        *,
        defer_after: float,
        forms: FormCache,
        post_part: PostPart,
        post_privately: PostPrivately | None = None,
    ) -> None:
        self.interaction: Any = interaction
        self.defer_after = defer_after
        self.forms = forms
        self.post_part = post_part
        self.post_privately = post_privately
        self.language = str(interaction.locale)
        self.lock = asyncio.Lock()
        self.resumed = isinstance(interaction, ResumedInteraction)
        # deferred with a private « Outarde réfléchit… » placeholder (a resumed command was)
        self.thinking = self.resumed and interaction.type is not discord.InteractionType.component
        self.placeholder_used = False
        self.posted = False
        self.gone = self.resumed and interaction.expired()  # the interaction takes no answer

    # -- the 3-second rule ---------------------------------------------------------------
    async def within_deadline(self, work: Awaitable[T], *, finish: bool = True) -> T:
        """Run ``work``; defer the interaction if it is not done within ``defer_after``
        (0: deferred before the work starts)."""
        if self.defer_after <= 0:
            await self.defer()
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        if not done:
            await self.defer()
        result = await task
        if finish:
            await self.finish()
        return result

    async def defer(self) -> None:
        async with self.lock:
            response = self.interaction.response
            if response.is_done():
                return
            if self.interaction.type is discord.InteractionType.component:
                await response.defer()  # silent: the clicked message stays as it is
            else:
                await response.defer(ephemeral=True, thinking=True)
                self.thinking = True

    async def finish(self) -> None:
        """Make sure the interaction got an answer, and remove an unused placeholder."""
        if self.resumed:
            try:
                await self._finish()
            except discord.HTTPException as error:  # its token ended meanwhile: nothing to tidy
                log.info("resumed interaction not tidied", extra={"error": error.status})
            return
        await self._finish()

    async def _finish(self) -> None:
        async with self.lock:
            if self.gone:
                return
            response = self.interaction.response
            if (
                not response.is_done()
                and self.interaction.type is discord.InteractionType.component
            ):
                await response.defer()  # a click that only updated messages needs no reply
            elif not response.is_done():
                await response.send_message(
                    t(self.language, "discord.done"), ephemeral=True, allowed_mentions=NO_MENTIONS
                )
            elif self.thinking and not self.placeholder_used:
                if self.posted:
                    await self.interaction.delete_original_response()
                else:
                    await self.interaction.edit_original_response(
                        content=t(self.language, "discord.done"), allowed_mentions=NO_MENTIONS
                    )

    # -- Surface ---------------------------------------------------------------------------
    async def send(self, message: Message) -> str | None:
        """Post (or show privately); the ref of the first Discord message of a channel post."""
        refs = [await self.send_part(part, message.ephemeral) for part in render(message)]
        return refs[0] if refs else None

    async def send_part(self, part: Part, ephemeral: bool) -> str | None:
        if self.resumed and not self.gone:
            try:
                return await self._send_part(part, ephemeral)
            except discord.NotFound:  # Discord no longer knows the interaction
                self.gone = True
        if self.gone:
            return await self._elsewhere(part, ephemeral)
        return await self._send_part(part, ephemeral)

    async def _elsewhere(self, part: Part, ephemeral: bool) -> str | None:
        """A resumed answer the interaction cannot carry: the channel, or the person alone."""
        interaction = self.interaction
        if not ephemeral:
            return await self.post_part(interaction.channel_id, interaction.guild_id, part)
        if self.post_privately is not None:
            await self.post_privately(part)
        else:
            log.warning("private answer with nowhere to go", extra={"kind": "discord"})
        return None

    async def _send_part(self, part: Part, ephemeral: bool) -> str | None:
        async with self.lock:
            arguments = part_arguments(part)
            interaction = self.interaction
            if not interaction.response.is_done():
                callback = await interaction.response.send_message(**arguments, ephemeral=ephemeral)
                return (
                    None if ephemeral else message_ref(interaction.channel_id, callback.message_id)
                )
            if self.thinking and ephemeral:
                self.placeholder_used = True
                await interaction.followup.send(**arguments, ephemeral=True, wait=True)
                return None
            if self.thinking:  # the placeholder is private: a public answer goes to the channel
                self.posted = True
                return await self.post_part(interaction.channel_id, interaction.guild_id, part)
            sent = await interaction.followup.send(**arguments, ephemeral=ephemeral, wait=True)
            return None if ephemeral else message_ref(interaction.channel_id, sent.id)

    async def open_form(self, form: Form) -> None:
        """A modal when it can still be the interaction's response, else a button to open it."""
        async with self.lock:
            interaction = self.interaction
            can_open = interaction.type is not discord.InteractionType.modal_submit
            if can_open and not interaction.response.is_done():
                await interaction.response.send_modal(build_modal(form, self.forms))
                return
        token = self.forms.keep(form)
        label = t(self.language, "discord.open_form")
        part = Part(
            content=t(self.language, "discord.form_waiting", title=form.title),
            rows=[[open_form_button(token, label)]],
        )
        await self.send_part(part, ephemeral=True)
