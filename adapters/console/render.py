"""The neutral message model written as plain text for a terminal."""

from __future__ import annotations

from collections.abc import Callable

from bot import refs
from bot.i18n import t
from bot.messages import (
    Actions,
    Button,
    Context,
    Divider,
    Form,
    Header,
    Image,
    Message,
    Section,
    Select,
)

RULE = "─" * 60
Saver = Callable[[str, bytes], str]  # (file name, data) -> the path it was saved at


def render_message(
    message: Message,
    number_button: Callable[[Button], int],
    *,
    language: str = "fr",
    updated: str | None = None,
    save: Saver | None = None,
    private_to: str | None = None,
) -> str:
    """The message as text; ``number_button`` gives each button its number for ``:clic``;
    ``save``, when given, stores each file and picture and the text gives its path;
    ``private_to``: the person a private message is for."""
    if updated:
        title = t(language, "console.updated", ref=updated)
    elif private_to:
        title = t(language, "console.private_to", person=private_to)
    elif message.ephemeral:
        title = t(language, "console.private")
    else:
        title = "Outarde"
    lines = [f"── {title} " + "─" * max(3, 56 - len(title))]
    for block in message.blocks:
        lines.extend(_render_block(block, number_button, language))
        if isinstance(block, Image) and save is not None:
            lines.append(t(language, "console.saved", path=save(block.name, block.png)))
    for attachment in message.files:
        lines.append(
            t(
                language,
                "console.file",
                name=attachment.name,
                mime=attachment.mime_type,
                size=len(attachment.data),
            )
        )
        if save is not None:
            lines.append(t(language, "console.saved", path=save(attachment.name, attachment.data)))
    return refs.readable("\n".join(lines))


def _render_block(
    block: object, number_button: Callable[[Button], int], language: str
) -> list[str]:
    if isinstance(block, Header):
        return [f"# {block.text}"]
    if isinstance(block, Section):
        out = [block.text] if block.text else []
        out.extend(
            t(language, "console.field_value", label=f.label, value=f.value) for f in block.fields
        )
        return out
    if isinstance(block, Context):
        return [f"  ({line})" for line in block.lines]
    if isinstance(block, Divider):
        return [RULE]
    if isinstance(block, Image):
        return [t(language, "console.image", alt=block.alt, size=len(block.png))]
    if isinstance(block, Actions):
        parts = []
        for element in block.elements:
            if isinstance(element, Button):
                parts.append(f"[{number_button(element)}] {element.label}")
            elif isinstance(element, Select):
                options = " | ".join(
                    f"[{number_button(Button(o.label, element.action_id, o.value))}] {o.label}"
                    for o in element.options
                )
                line = t(language, "console.field_value", label=element.placeholder, value=options)
                parts.append(line.strip())
        return ["   ".join(parts)]
    return []


def render_form_title(form: Form, language: str) -> str:
    return refs.readable(t(language, "console.form", title=form.title))
