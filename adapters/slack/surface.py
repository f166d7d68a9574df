"""The answer to one Slack interaction: channel posts, private replies, modals."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.dedupe import Stash
from adapters.slack.notifier import SlackNotifier
from adapters.slack.poster import JsonPoster
from adapters.slack.render import Rendered, render_message
from adapters.slack.response_url import ResponseUrlFailed, post_answer
from bot.context import Invocation
from bot.i18n import normalise_language, t
from bot.messages import Attachment, Context, Form, Message
from bot.text import plural_key

log = logging.getLogger("outarde.slack")
RESPONSE_URL_USES = 5  # Slack accepts five answers through one response_url (for 30 min)
OWN_TIMEOUT = 30.0  # seconds an answer may take on a session of its own
CANNOT_POST_HERE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


class FormOpener(Protocol):
    """Opens a form as a modal for the person of ``surface`` (``SlackForms``)."""

    async def open_form(
        self, surface: SlackSurface, form: Form, trigger_id: str | None
    ) -> None: ...


class SlackSurface:
    """Where the answer to one command, click or form goes.

    Private replies use the interaction's response_url (works in every channel, even where the
    bot is not a member), then chat.postEphemeral; files for one person go to their DM.
    Posts go through ``notifier``, values too long for Slack to ``stash``, forms to ``forms``.
    """

    def __init__(
        self,
        client: AsyncWebClient,
        inv: Invocation,
        *,
        notifier: SlackNotifier,
        stash: Stash,
        forms: FormOpener,
        response_url: str | None = None,
        trigger_id: str | None = None,
        poster: JsonPoster | None = None,
    ) -> None:
        self.client = client
        self.poster = poster
        self.notifier = notifier
        self.stash = stash
        self.forms = forms
        self.inv = inv
        self.response_url = response_url
        self.trigger_id = trigger_id
        self.response_url_uses = 0
        self.held_forms: list[Form] | None = None  # set while a modal submission awaits its ack
        self.language = normalise_language(inv.locale)  # the adapter's own text

    @property
    def channel(self) -> str:
        return self.inv.place.channel

    @property
    def user(self) -> str:
        return self.inv.actor.user_id

    # -- the core's Surface ---------------------------------------------------------
    async def send(self, message: Message) -> str | None:
        if message.ephemeral:
            await self.send_private(message)
            return None
        try:
            return await self.notifier.post_message(
                self.client, self.channel, message, workspace=self.inv.place.workspace_id
            )
        except SlackApiError as error:
            if error.response.get("error") not in CANNOT_POST_HERE or not self.response_url:
                raise
            log.info("bot cannot post here; answering through response_url", exc_info=True)
        rendered = render_message(message, self.stash.keep)
        await self.stash.save(self.inv.place.workspace_id)
        await self._respond(rendered.parts, "in_channel")
        if rendered.files:
            await self._files_to_person(rendered.files)
        return None

    async def open_form(self, form: Form) -> None:
        if self.held_forms is not None:
            self.held_forms.append(form)
            return
        await self.forms.open_form(self, form, self.trigger_id)

    # -- private replies ------------------------------------------------------------
    async def send_private(self, message: Message) -> None:
        rendered = render_message(message, self.stash.keep)
        await self.stash.save(self.inv.place.workspace_id)
        parts = rendered.parts
        if rendered.files:
            count = len(rendered.files)
            key = plural_key("slack.files_in_dm", count, self.language)
            note = t(self.language, key, count=count)
            parts = parts + render_message(Message([Context((note,))], note)).parts
        try:
            await self._respond(parts, "ephemeral")
        except (ResponseUrlFailed, SlackApiError, OSError):
            log.info("response_url unusable; chat.postEphemeral instead", exc_info=True)
            try:
                await self.notifier.post_ephemeral(self.client, self.channel, self.user, parts)
            except SlackApiError:
                log.info("chat.postEphemeral refused; direct message instead", exc_info=True)
                dm = await self.notifier.direct_channel(self.client, self.user)
                await self.notifier.post_parts(self.client, dm, parts)
        if rendered.files:
            await self._files_to_person(rendered.files)

    async def _respond(self, parts: list[Rendered], response_type: str) -> None:
        """Answer through response_url (at most five times); raises when it cannot."""
        if not self.response_url or self.response_url_uses + len(parts) > RESPONSE_URL_USES:
            raise ResponseUrlFailed("no response_url left")
        if self.poster is not None and not self.poster.closed:  # the process's one pool
            await self._post_parts(self.poster, self.response_url, parts, response_type)
            return
        own = JsonPoster(OWN_TIMEOUT)
        try:
            await self._post_parts(own, self.response_url, parts, response_type)
        finally:
            await own.close()

    async def _post_parts(
        self, poster: JsonPoster, url: str, parts: list[Rendered], response_type: str
    ) -> None:
        for part in parts:
            body: dict[str, Any] = {
                "response_type": response_type,
                "replace_original": False,
                **part.payload(),
            }
            self.response_url_uses += 1
            await post_answer(poster, url, body)

    async def _files_to_person(self, files: list[Attachment]) -> None:
        dm = await self.notifier.direct_channel(self.client, self.user)
        await self.notifier.upload(self.client, dm, files)
