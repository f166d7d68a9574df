"""Discord text is always whole and honest: cuts fall between links, mentions and emoji;
a link whose label names another address shows the real one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.render import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    markdown,
    render,
    split_text,
    truncate,
)
from bot.messages import Field, Message, Section

MASKED = re.compile(r"\[[^\]\n]{1,200}\]\(https?://[^\s()<>]{1,1500}\)")
ATTACHED = re.compile(r"^[\u0300-\u036f\u200d\ufe0f\U0001f3fb-\U0001f3ff]")


def links_whole(original: str, pieces: list[str]) -> None:
    """Each link and <…> token of ``original`` lies whole inside one piece."""
    wanted = MASKED.findall(original) + re.findall(r"<[^<>\s]{1,1500}>", original)
    found = [token for piece in pieces for token in MASKED.findall(piece)]
    found += [token for piece in pieces for token in re.findall(r"<[^<>\s]{1,1500}>", piece)]
    assert sorted(found) == sorted(wanted)
    for piece in pieces:
        assert not ATTACHED.match(piece), piece[:10]


def test_a_link_is_not_split_across_two_messages() -> None:
    link = "[le rapport](https://exemple.org/" + "r" * 600 + ")"
    for filler in range(1990 - 640, 2001, 9):
        text = "x" * filler + " " + link + " suite"
        chunks = split_text(text, CONTENT_LIMIT)
        assert all(len(c) <= CONTENT_LIMIT for c in chunks)
        links_whole(text, chunks)


def test_a_field_value_is_truncated_before_a_link_not_inside() -> None:
    value = "v" * 1000 + " <https://exemple.org/a|le site>"
    cut = truncate(markdown(value), FIELD_VALUE_LIMIT)
    assert cut == "v" * 1000 + "…"
    assert truncate("a" * 1021 + "👩\u200d👩\u200d👧", 1024) == "a" * 1021 + "…"


def test_a_label_naming_another_address_shows_the_real_one() -> None:
    assert markdown("<https://phish.example/login|moissonlanaudiere.org>") == (
        "moissonlanaudiere.org (<https://phish.example/login>)"
    )
    assert markdown("Voir [banque.ca](https://phish.example/x)") == (
        "Voir banque.ca (<https://phish.example/x>)"
    )
    assert markdown("[le site](https://exemple.org)") == "[le site](https://exemple.org)"
    assert markdown("`[banque.ca](https://phish.example/x)`") == (
        "`[banque.ca](https://phish.example/x)`"
    )  # inside code it is only text
    parts = render(Message([Section("", (Field("Site", "[banque.ca](https://phish.example)"),))]))
    assert parts[0].embeds[0].fields[0].value == "banque.ca (<https://phish.example>)"


PIECES = st.sampled_from(
    [
        "&", "<", ">", " ", "\n", "\n\n", "é", "e\u0301", "👩\u200d👩\u200d👧", "👍🏽", ":tada:",
        "<@123456789>", "<#987654321>", "<:outarde:112233>", "<t:1760000000:R>",
        "[site](https://exemple.org/a?b=1&c=2)", "<https://exemple.org/x>", "**gras**", "mot",
    ]
)  # fmt: skip
LONG_LINK = st.integers(1, 1400).map(lambda n: f"[rapport](https://ex.org/{'p' * n})")
MIX = st.lists(st.one_of(PIECES, LONG_LINK, st.text(max_size=8)), min_size=1, max_size=40)
LIMITS = st.sampled_from([CONTENT_LIMIT, DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT + 600])


@st.composite
def near_a_limit(draw: st.DrawFn) -> tuple[str, int]:
    limit = draw(LIMITS)
    filler = draw(st.sampled_from(["x", "mot ", "é", "👍🏽", "\n"]))
    before = max(0, limit - draw(st.integers(-6, 40)))
    lead = "a" + (filler * before)[:before]
    return lead + "".join(draw(MIX)) * draw(st.integers(1, 3)), limit


@settings(max_examples=200, deadline=None, derandomize=True)
@given(near_a_limit())
def test_split_text_keeps_everything_within_limits_and_links_whole(case) -> None:  # type: ignore[no-untyped-def]
    text, limit = case
    chunks = split_text(text, limit)
    assert all(0 < len(chunk) <= limit and chunk.strip() for chunk in chunks)
    joined = "".join(chunks)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)  # nothing but spaces dropped
    if all(len(run) < limit // 2 for run in re.findall(r"\s+", text)):
        assert joined == text.strip()  # …and only the outer ones
    links_whole(text, chunks)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(near_a_limit())
def test_rendered_messages_keep_their_links_whole(case) -> None:  # type: ignore[no-untyped-def]
    text, _ = case
    for part in render(Message([Section(text)], ephemeral=False)):
        assert len(part.content) <= CONTENT_LIMIT
        pieces = [part.content] + [e.description or "" for e in part.embeds]
        for piece in pieces:
            assert not ATTACHED.match(piece)
            assert piece.count("](https://") == len(MASKED.findall(piece))


def test_a_skin_tone_after_a_space_stays_with_it() -> None:
    text = "a" + "x" * 1995 + " 🏻 suite"
    chunks = split_text(text, 2000)
    assert not any(chunk.startswith("🏻") for chunk in chunks)
    assert "".join(chunks).replace(" ", "") == text.replace(" ", "")


def test_a_skin_tone_after_a_link_stays_with_the_link() -> None:
    text = "a" + "x" * 1964 + "[site](https://exemple.org/a?b=1&c=2)🏻"
    chunks = split_text(text, 2000)
    assert not any(chunk.startswith("🏻") for chunk in chunks)
    assert "".join(chunks) == text
