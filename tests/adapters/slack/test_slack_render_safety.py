"""Slack text is always whole and honest: no cut inside an entity, a link or an emoji, at
any limit, and no link whose label names another address than the one it opens."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from adapters.slack.render import (
    BUTTON_LABEL,
    FALLBACK_TEXT,
    FIELD_TEXT,
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    SECTION_TEXT,
    escape,
    render_message,
    split_text,
)
from bot.messages import Actions, Button, Context, Field, Header, Message, Section

# escaped Slack text: entities, links (<…>) and plain characters, nothing else
ENTITY = r"&(?:amp|lt|gt);"
WHOLE = re.compile(rf"(?:{ENTITY}|<(?:[^<>&\n]|{ENTITY})*>|[^&<>])*", re.S)
ATTACHED = re.compile(r"^[\u0300-\u036f\u200d\ufe0f\U0001f3fb-\U0001f3ff]")


def assert_whole(text: str) -> None:
    assert WHOLE.fullmatch(text), f"cut entity or link: …{text[-40:]!r}"
    assert not ATTACHED.match(text), f"starts inside an emoji or a letter: {text[:10]!r}"
    assert not text.endswith("\u200d")


def mrkdwn_texts(block: dict[str, Any]) -> list[str]:
    if block["type"] == "section":
        return [block["text"]["text"]] if "text" in block else [f["text"] for f in block["fields"]]
    if block["type"] == "context":
        return [e["text"] for e in block["elements"]]
    return []


def check_message(message: Message) -> list[str]:
    """Render ``message``; every limit held, every text whole; the section texts, in order."""
    rendered = render_message(message, stash=lambda value: "~stash:x")
    sections: list[str] = []
    for part in rendered.parts:
        assert len(part.blocks) <= MESSAGE_BLOCKS
        assert 0 < len(part.text) <= FALLBACK_TEXT
        assert_whole(part.text)
        for block in part.blocks:
            Block.parse(block).validate_json()  # slack_sdk's own reading of Block Kit
            for text in mrkdwn_texts(block):
                assert text.strip()
                assert_whole(text)
            if block["type"] == "section" and "text" in block:
                assert len(block["text"]["text"]) <= SECTION_TEXT
                sections.append(block["text"]["text"])
            for item in block.get("fields", []):
                assert len(item["text"]) <= FIELD_TEXT
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= HEADER_TEXT
            for element in block.get("elements", []):
                if element.get("type") == "button":
                    assert len(element["text"]["text"]) <= BUTTON_LABEL
                    assert not ATTACHED.match(element["text"]["text"][-1:])
    return sections


# -- what failed on the plain character count -----------------------------------------------
def test_a_section_of_dense_ampersands_is_cut_between_entities() -> None:
    text = "R&D " * 1000  # 8,000 escaped characters: the 3,000th lies inside « &amp; »
    sections = check_message(Message([Section(text)]))
    assert len(sections) == 3
    assert "".join(sections) == escape(text)


def test_a_long_link_is_never_split_between_two_blocks() -> None:
    link = "[le rapport annuel](https://moissonlanaudiere.org/" + "r" * 900 + ")"
    for filler in range(2990 - 950, 3001, 7):
        text = "x" * filler + " " + link + " suite"
        sections = check_message(Message([Section(text)]))
        assert sum(s.count("<https://") for s in sections) == 1
        assert "".join(sections) == escape(text)


def test_fields_and_fallback_text_are_truncated_between_entities() -> None:
    for offset in range(8):
        value = "a" * (FIELD_TEXT - 14 + offset) + "<&>" * 200
        message = Message([Section("", (Field("Note", value),))], value + "&" * 3000)
        check_message(message)


def test_a_context_line_and_the_later_parts_fallback_are_whole() -> None:
    blocks = [Section(f"§{n} " + "&<>" * 300) for n in range(60)]
    blocks.append(Context(("&" * 5000,)))
    check_message(Message(blocks, "résumé"))


def test_a_header_and_a_button_label_keep_their_emoji_whole() -> None:
    family = "👩\u200d👩\u200d👧"
    message = Message(
        [Header("H" * 148 + family), Actions((Button("B" * 73 + "👍🏽x", "x.y", "1"),))]
    )
    blocks = render_message(message).parts[0].blocks
    assert blocks[0]["text"]["text"] == "H" * 148 + "…"
    assert blocks[1]["elements"][0]["text"]["text"] == "B" * 73 + "…"


# -- disguised links ---------------------------------------------------------------------------
def test_a_label_naming_another_address_shows_the_real_one() -> None:
    shown = escape("Voir [moissonlanaudiere.org](https://phish.example/login)")
    assert "<https://phish.example/login|" not in shown
    assert shown == "Voir moissonlanaudiere.org (<https://phish.example/login>)"
    for label in ("https://moissonlanaudiere.org", "www.banque.ca", "10.0.0.1", "info@banque.ca"):
        assert "|" not in escape(f"[{label}](https://phish.example/a)")


def test_an_honest_label_stays_a_link() -> None:
    assert escape("[le site](https://example.org/a)") == "<https://example.org/a|le site>"
    assert escape("[moissonlanaudiere.org](https://www.moissonlanaudiere.org/dons)") == (
        "<https://www.moissonlanaudiere.org/dons|moissonlanaudiere.org>"
    )
    assert escape("[exemple.org](https://dons.exemple.org)") == (
        "<https://dons.exemple.org|exemple.org>"
    )


# -- the property, at and around every limit -------------------------------------------------
PIECES = st.sampled_from(
    [
        "&", "<", ">", "R&D", "a<b>c", " ", "\n", "\n\n", "é", "e\u0301", "👩\u200d👩\u200d👧",
        "👍🏽", ":tada:", ":flag-qc:", "<!here>", "<@U123|bob>", "<#C0123ABC>", "@channel",
        "[site](https://exemple.org/a?b=1&c=2)", "[banque.ca](https://phish.example/x)",
        "mot", "Mélissa", "«citation»",
    ]
)  # fmt: skip
LONG_LINK = st.integers(1, 1400).map(lambda n: f"[rapport](https://ex.org/{'p' * n})")
MIX = st.lists(st.one_of(PIECES, LONG_LINK, st.text(max_size=8)), min_size=1, max_size=40)
LIMITS = st.sampled_from([SECTION_TEXT, FIELD_TEXT, FALLBACK_TEXT, HEADER_TEXT, BUTTON_LABEL])


@st.composite
def near_a_limit(draw: st.DrawFn) -> str:
    """Text whose hostile part starts a few characters before (or after) a limit."""
    limit = draw(LIMITS)
    filler = draw(st.sampled_from(["x", "&", "<", "mot ", "é", "👍🏽"]))
    before = max(0, limit - draw(st.integers(-6, 40)))
    lead = (filler * before)[: before if len(filler) == 1 else None]
    text = lead + "".join(draw(MIX)) * draw(st.integers(1, 3))
    return text if text.strip() else text + "x"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(near_a_limit(), near_a_limit())
def test_every_block_within_limits_whole_and_complete(text: str, other: str) -> None:
    message = Message(
        [
            Header(other),
            Section(text, (Field(other, text), Field("Note", other))),
            Context((other,)),
            Actions((Button(other, "x.y", "1"),)),
        ],
        text,
    )
    sections = check_message(message)
    assert "".join(sections) == "".join(p for p in split_text(escape(text), SECTION_TEXT))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(near_a_limit(), st.sampled_from([SECTION_TEXT, FIELD_TEXT]))
def test_split_text_keeps_everything_and_cuts_between_atoms(text: str, limit: int) -> None:
    """At the limits of mrkdwn text (a link, 1,700 characters at most, always fits)."""
    escaped = escape(text)
    pieces = split_text(escaped, limit)
    assert "".join(pieces) == escaped
    for piece in pieces:
        assert len(piece) <= limit
        assert_whole(piece)


def test_a_markdown_link_whose_label_holds_a_channel_link_is_not_nested() -> None:
    from adapters.slack.render import escape

    shown = escape("[<#C0123ABC>[rapport](https://ex.org/p)")
    assert "<https://ex.org/p|" not in shown  # no link inside a link's label
    assert shown.endswith("(<https://ex.org/p>)")
