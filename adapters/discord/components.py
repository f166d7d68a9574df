"""Buttons, select menus and modals that keep working after the bot restarts.

A button's custom_id carries the core's action id and value (``o:<action>:<value>``); a
select's carries its action id (``s:<action>:<n>``). They are DynamicItems registered on the
client, so a click on a message sent by an earlier process is routed just the same; the core
reads the state from the database. Each client registers its own subclasses (``routed_items``),
which hand clicks to the action handler it gives. A modal's custom_id carries its form id and
state (``f:<form_id>:<state>``) when they fit in 100 characters.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import discord
from discord import ui

from adapters.discord.mentions import render_refs
from adapters.discord.render import (
    CUSTOM_ID_LIMIT,
    ButtonSpec,
    Row,
    SelectSpec,
    custom_id,
    select_id,
    truncate,
)
from bot.messages import Form
from bot.refs import readable

BUTTON_TEMPLATE = r"o:(?P<action>[^:]+):(?P<value>.*)"
SELECT_TEMPLATE = r"s:(?P<action>[^:]+):(?P<index>\d+)"
FORM_PREFIX = "f:"
OPEN_FORM = "_form"  # the adapter's own action: (re)open a form kept in memory
log = logging.getLogger("outarde.discord")
MODAL_TITLE_LIMIT = 45
LABEL_LIMIT = 45
INPUTS_PER_MODAL = 5
INPUT_LIMIT = 4000
INPUT_PLACEHOLDER_LIMIT = 100
OnAction = Callable[[discord.Interaction, str, str], Awaitable[None]]
"""What a click does: (interaction, the core's action id, value)."""


class ActionButton(ui.DynamicItem[ui.Button], template=BUTTON_TEMPLATE):
    """A button for the core's action ``action`` with ``value`` (routed by ``routed_items``)."""

    def __init__(
        self,
        action: str,
        value: str,
        *,
        label: str | None = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        button: ui.Button = ui.Button(
            label=label, style=style, custom_id=custom_id(action, value), row=row
        )
        super().__init__(button)
        self.action = action
        self.value = value

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: Any, /
    ) -> ActionButton:
        return cls(match["action"], match["value"], label=getattr(item, "label", None))


class ActionSelect(ui.DynamicItem[ui.Select], template=SELECT_TEMPLATE):
    """A select menu for the core's action ``action``; the value is the chosen option."""

    def __init__(
        self,
        action: str,
        index: int,
        *,
        placeholder: str | None = None,
        options: list[discord.SelectOption] | None = None,
        row: int | None = None,
    ) -> None:
        select: ui.Select = ui.Select(
            custom_id=select_id(action, index),
            placeholder=placeholder,
            options=options or [discord.SelectOption(label="…", value="…")],
            row=row,
        )
        super().__init__(select)
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: ui.Item[Any], match: Any, /
    ) -> ActionSelect:
        return cls(
            match["action"],
            int(match["index"]),
            placeholder=getattr(item, "placeholder", None),
            options=list(getattr(item, "options", []) or []) or None,
        )


def routed_items(on_action: OnAction) -> tuple[type[ActionButton], type[ActionSelect]]:
    """The button and select classes a client registers: their clicks go to ``on_action``."""

    class RoutedButton(ActionButton, template=BUTTON_TEMPLATE):
        async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
            await on_action(interaction, self.action, self.value)

    class RoutedSelect(ActionSelect, template=SELECT_TEMPLATE):
        async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
            values = (interaction.data or {}).get("values") or [""]
            await on_action(interaction, self.action, str(values[0]))

    return RoutedButton, RoutedSelect


def build_view(rows: list[Row]) -> ui.View | None:
    """The components of one message; the view itself is never kept (DynamicItems route)."""
    if not rows:
        return None
    view = ui.View(timeout=None)
    for number, row in enumerate(rows):
        for spec in row:
            view.add_item(_item(spec, number))
    view.stop()  # nothing to keep in memory: clicks are routed by the registered templates
    return view


def _item(spec: ButtonSpec | SelectSpec, row: int) -> ui.Item[Any]:
    if isinstance(spec, ButtonSpec):
        return ActionButton(spec.action_id, spec.value, label=spec.label, style=spec.style, row=row)
    options = [discord.SelectOption(label=label, value=value) for label, value in spec.options]
    return ActionSelect(
        spec.action_id, spec.index, placeholder=spec.placeholder or None, options=options, row=row
    )


# -- forms ---------------------------------------------------------------------------------
class FormCache:
    """Forms opened recently, by token: to reopen one with its answers after an error."""

    def __init__(self, size: int = 500) -> None:
        self.size = size
        self.forms: OrderedDict[str, Form] = OrderedDict()

    def keep(self, form: Form) -> str:
        token = secrets.token_urlsafe(9)
        self.forms[token] = form
        while len(self.forms) > self.size:
            self.forms.popitem(last=False)
        return token

    def get(self, token: str) -> Form | None:
        return self.forms.get(token)

    def find(self, form_id: str, state: str) -> Form | None:
        """The most recent form opened with this id and state."""
        for form in reversed(self.forms.values()):
            if form.form_id == form_id and form.state == state:
                return form
        return None


def form_custom_id(form: Form, token: str) -> str:
    """``f:<form_id>:<state>``; when too long, the form is found by its token (``f:~<token>``)."""
    identifier = f"{FORM_PREFIX}{form.form_id}:{form.state}"
    if len(identifier) <= CUSTOM_ID_LIMIT and not form.form_id.startswith("~"):
        return identifier
    return f"{FORM_PREFIX}~{token}"


def read_form_id(identifier: str, cache: FormCache) -> tuple[str, str] | None:
    """(form_id, state) of a modal's custom_id; None when its form is no longer known."""
    body = identifier.removeprefix(FORM_PREFIX)
    if body.startswith("~"):
        form = cache.get(body[1:])
        return (form.form_id, form.state) if form else None
    form_id, separator, state = body.partition(":")
    return (form_id, state) if separator and form_id else None


def build_modal(form: Form, cache: FormCache) -> ui.Modal:
    """The Discord modal of ``form``: a title of 45 characters, five inputs at most."""
    modal = ui.Modal(
        title=truncate(readable(form.title), MODAL_TITLE_LIMIT) or "Outarde",
        custom_id=form_custom_id(form, cache.keep(form)),
        timeout=None,
    )
    if len(form.inputs) > INPUTS_PER_MODAL:  # the core keeps its forms within this
        log.error("form %s has %d fields, Discord shows 5", form.form_id, len(form.inputs))
    for text_input in form.inputs[:INPUTS_PER_MODAL]:
        limit = max(1, min(text_input.max_length, INPUT_LIMIT))
        component: ui.TextInput = ui.TextInput(
            custom_id=text_input.field_id[:CUSTOM_ID_LIMIT],
            style=discord.TextStyle.paragraph if text_input.multiline else discord.TextStyle.short,
            required=text_input.required,
            max_length=limit,
            default=render_refs(text_input.initial)[:limit] or None,  # read back as typed
            placeholder=truncate(text_input.placeholder, INPUT_PLACEHOLDER_LIMIT) or None,
        )
        modal.add_item(
            ui.Label(text=truncate(text_input.label, LABEL_LIMIT) or "…", component=component)
        )
    modal.stop()  # submissions are routed by custom_id, even after a restart
    return modal


def with_answers(form: Form, values: dict[str, str]) -> Form:
    """The same form, filled with what the person typed (to correct it)."""
    inputs = [replace(i, initial=values.get(i.field_id, i.initial)) for i in form.inputs]
    return replace(form, inputs=inputs)


def modal_values(components: list[dict[str, Any]]) -> dict[str, str]:
    """Field values of a modal submission (action rows or labels around text inputs)."""
    values: dict[str, str] = {}

    def visit(component: dict[str, Any]) -> None:
        if "custom_id" in component and "value" in component:
            values[str(component["custom_id"])] = str(component["value"] or "")
        for child in component.get("components", []) or []:
            visit(child)
        if isinstance(component.get("component"), dict):
            visit(component["component"])

    for component in components:
        visit(component)
    return values


def open_form_button(token: str, label: str) -> ButtonSpec:
    return ButtonSpec(label, OPEN_FORM, token, discord.ButtonStyle.primary)
