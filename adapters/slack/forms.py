"""The core's forms as Slack modals: views.open, or a button once the trigger has expired."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from slack_sdk.errors import SlackApiError

from adapters.slack.dedupe import Stash, TtlCache
from adapters.slack.notifier import SlackNotifier
from adapters.slack.render import PRIVATE_METADATA, pack_metadata, render_modal
from adapters.slack.surface import SlackSurface
from bot.i18n import t
from bot.messages import Actions, Button, Form, Message, Section, Style, text_message

log = logging.getLogger("outarde.slack")
OPEN_FORM = "outarde.slack.open_form"  # the adapter's own button: reopen a form
WAITING_SECONDS = 1800.0
WAITING_LIMIT = 2_000


class SlackForms:
    """Opens modals through the notifier; a state too long for a modal goes to the stash."""

    def __init__(self, notifier: SlackNotifier, stash: Stash) -> None:
        self.notifier = notifier
        self.stash = stash
        self.waiting: TtlCache[tuple[Form, dict[str, str]]] = TtlCache(
            WAITING_SECONDS, WAITING_LIMIT
        )

    def modal(self, form: Form, surface: SlackSurface) -> dict[str, Any]:
        """The form as a modal; its state and where it came from travel in private_metadata."""
        metadata = {"c": surface.channel, "m": surface.inv.message_ref or "", "s": form.state}
        packed = pack_metadata(metadata)
        if len(packed) > PRIVATE_METADATA:
            metadata.pop("s")
            metadata["k"] = self.stash.keep(form.state)
            packed = pack_metadata(metadata)
        return render_modal(form, packed)

    async def open_form(self, surface: SlackSurface, form: Form, trigger_id: str | None) -> None:
        """views.open; when the trigger expired (3 s), offer a button that opens it."""
        if trigger_id:
            try:
                modal = self.modal(form, surface)
                await self.stash.save(surface.inv.place.workspace_id)
                await self.notifier.call(
                    surface.client, "views.open", trigger_id=trigger_id, view=modal
                )
                return
            except SlackApiError as error:
                log.info("views.open refused: %s", error.response.get("error"))
        token = secrets.token_urlsafe(12)
        self.waiting.put(token, (form, {}))
        label = t(surface.language, "slack.open_form")
        prompt = t(surface.language, "slack.form_ready", title=form.title)
        button = Button(label, OPEN_FORM, token, Style.PRIMARY)
        await surface.send_private(
            Message([Section(prompt), Actions((button,))], prompt, ephemeral=True)
        )

    async def reopen(self, surface: SlackSurface, token: str) -> None:
        """The « open the form » button: the waiting form, if it has not expired."""
        waiting = self.waiting.get(token)
        if waiting is None:
            await surface.send_private(text_message(t(surface.language, "slack.form_expired")))
            return
        await self.open_form(surface, waiting[0], surface.trigger_id)
