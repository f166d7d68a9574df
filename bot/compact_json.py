"""JSON as compact UTF-8, fast (orjson), for what is written on every request."""

from __future__ import annotations

import json
from typing import Any

import orjson


def compact_json(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON; a text holding a lone surrogate (which UTF-8 cannot
    carry: a hostile JSON escape) is written escaped instead of failing."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, separators=(",", ":")).encode()
