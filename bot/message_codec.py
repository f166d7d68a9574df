"""Messages and updates as JSON, so a job's outputs can wait in the outbox (and survive a crash)."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

from bot import messages
from bot.messages import Mail, Message, Update

TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        messages.Header,
        messages.Field,
        messages.Section,
        messages.Context,
        messages.Divider,
        messages.Button,
        messages.Option,
        messages.Select,
        messages.Actions,
        messages.Image,
        messages.Attachment,
        Message,
        Update,
        Mail,
    )
}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, bytes):
        return {"@bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value.value if isinstance(value, messages.Style) else value


def _typed(value: Any) -> Any:
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "@bytes" in value:
        return base64.b64decode(value["@bytes"])
    cls = TYPES[value["@"]]
    arguments = {}
    for f in dataclasses.fields(cls):
        if f.name in value:
            item = _typed(value[f.name])
            arguments[f.name] = tuple(item) if isinstance(item, list) and _is_tuple(f) else item
    if cls is messages.Button and "style" in arguments:
        arguments["style"] = messages.Style(arguments["style"])
    return cls(**arguments)


def _is_tuple(field: dataclasses.Field[Any]) -> bool:
    return str(field.type).startswith("tuple")


def encode(output: Message | Update | Mail) -> str:
    """The output as JSON text (files and images as base64)."""
    return json.dumps(_plain(output), ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Message | Update | Mail:
    """The output ``encode`` wrote."""
    output = _typed(json.loads(text))
    if not isinstance(output, (Message, Update, Mail)):
        raise ValueError("not a message or an update")
    return output
