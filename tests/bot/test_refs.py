"""Neutral references to people and channels: made by adapters, rendered by adapters."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import refs
from bot.context import Actor, Invocation, Place
from testkit.doubles import Answers, mention


def test_a_person_reference_keeps_its_id_and_label() -> None:
    token = refs.person("U123", "Alice")
    assert refs.person_id(token) == "U123" and refs.label(token) == "Alice"
    assert refs.person_id(f"  {token} ") == "U123"
    assert refs.label(refs.person("U9")) == "U9"


def test_a_channel_is_not_a_person() -> None:
    assert refs.person_id(refs.channel("C42")) is None
    assert refs.person_id("<@U123>") is None  # platform syntax is not the core's
    assert refs.person_id("@Alice") is None


@pytest.mark.parametrize("bad", ["", "U 1", "<@U1>", "U1\ue002", "x" * 81])
def test_only_platform_ids_make_references(bad: str) -> None:
    with pytest.raises(ValueError):
        refs.person(bad)


def test_each_adapter_renders_its_own_syntax() -> None:
    text = f"Merci {refs.person('U1', 'Alice')}, voir {refs.channel('C2', 'general')}."
    slack = refs.render(text, person=lambda i, _: f"<@{i}>", channel=lambda i, _: f"<#{i}>")
    assert slack == "Merci <@U1>, voir <#C2>."
    assert refs.readable(text) == "Merci @Alice, voir #general."


def test_typed_markers_cannot_forge_a_reference() -> None:
    forged = "\ue000@U666\ue002"
    typed = refs.convert(forged + " <@bob>", re.compile(r"<@(\w+)>"), lambda m: refs.person(m[1]))
    first, second = typed.split()
    assert first == "@U666" and refs.person_id(first) is None  # plain text now
    assert refs.person_id(second) == "bob"


@given(st.text(max_size=200))
def test_anything_typed_keeps_its_text_and_holds_no_reference(text: str) -> None:
    typed = refs.convert(text, re.compile(r"(?!)"), lambda m: "")
    assert not refs.has_refs(typed)
    assert typed == refs.strip_markers(text) == refs.readable(typed)


async def test_the_core_names_a_referenced_person_it_knows(app) -> None:  # type: ignore[no-untyped-def]
    place = Place("discord", "table", "general")
    await app.command(Invocation(place, Actor("900", "Bruno Gagnon")), "outarde", "aide", Answers())
    answers = Answers()
    typed = f"concertation : voir avec {mention('900')} et {mention('901', 'zoe')}"
    await app.command(Invocation(place, Actor("1", "Alice")), "vocab", f"proposer {typed}", answers)
    assert "voir avec @Bruno Gagnon et @zoe" in answers.text  # known: their name; else the label
    assert not refs.has_refs(answers.text)
