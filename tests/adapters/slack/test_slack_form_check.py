"""The form check before Bolt (adapters/slack/server.py ``form_payload``): it reads a form's
``payload`` exactly as Python's parser (and so Bolt) does, without parsing every field."""

from __future__ import annotations

import random
import urllib.parse

import pytest

from adapters.slack.server import form_payload, unreadable

FORM = "application/x-www-form-urlencoded"


def parsed(body: str) -> str | None:
    """What ``parse_qs`` (Bolt's parser), strict, finds; ``error`` when it refuses."""
    try:
        found = urllib.parse.parse_qs(body, errors="strict").get("payload")
    except UnicodeDecodeError:
        return "error"
    return found[0] if found else None


def checked(body: str) -> str | None:
    try:
        return form_payload(body)
    except UnicodeDecodeError:
        return "error"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("command=%2Foutarde&text=aide", None),
        ("payload=%7B%22type%22%3A%22x%22%7D", '{"type":"x"}'),
        ("p%61yload=%7B%7D", "{}"),  # an encoded name is still the payload
        ("payload=&payload=second", "second"),  # a blank field is skipped
        ("payload", None),
        ("text=%C3%A9t%C3%A9&payload=a+b", "a b"),
        ("text=%E9%ZZ&payload=x", "error"),  # a field that is not UTF-8
        ("blank%FF=&payload=x", "x"),  # a blank field is not decoded, as by the parser
        ("payload=%C3&%A9=1", "error"),  # a character cut by a field boundary
    ],
)
def test_the_payload_is_read_as_the_parser_reads_it(body: str, expected: str | None) -> None:
    assert checked(body) == expected == parsed(body)


def test_random_forms_give_what_the_parser_gives() -> None:
    pieces = ["payload", "p%61yload", "=", "&", "+", "%", "%C3", "%A9", "%FF", "%7B", "é", "a", "1"]
    rng = random.Random(20261203)
    for _ in range(5000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert checked(body) == parsed(body), body


def test_a_form_that_does_not_decode_is_refused() -> None:
    assert unreadable(FORM, "command=%E9%ZZ&text=%FF%FE") == "malformed form encoding"
    assert unreadable(FORM, "payload=%7Bpas+du+json") == "malformed payload JSON"
    assert unreadable(FORM, "command=%2Foutarde&text=aide") is None
