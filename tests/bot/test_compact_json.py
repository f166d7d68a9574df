"""Compact JSON for what is written on every request (bot/compact_json.py)."""

from __future__ import annotations

import json

from bot.compact_json import compact_json

BODY = {"response_type": "ephemeral", "text": "Rencontre à 13 h 30 — « ordre du jour »"}


def test_the_json_is_compact_utf8() -> None:
    expected = json.dumps(BODY, ensure_ascii=False, separators=(",", ":")).encode()
    assert compact_json(BODY) == expected


def test_a_lone_surrogate_is_escaped_instead_of_failing() -> None:
    hostile = {"text": "fin \ud800 ici", "n": [1, None, True]}
    assert json.loads(compact_json(hostile)) == hostile
