"""Shared text helpers: mass mentions and mentions made inert."""

from __future__ import annotations

import pytest

from bot import refs
from bot.text import harmless, has_mass_mention, markdown_escape, strong
from testkit.doubles import mention


@pytest.mark.parametrize(
    "text",
    [
        "Écrivez à info@here.ca pour vous inscrire",
        "a@channel.org",
        "rh@everyone.net",
        "x@here-now.org",
        "@heres",
    ],
)
def test_addresses_are_not_mass_mentions(text: str) -> None:
    assert not has_mass_mention(text)
    assert harmless(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "@here",
        "@everyone",
        "@channel",
        "Venez tous @here.",
        "@here, venez",
        "(@HERE)",
        "@tout le monde",
    ],
)
def test_mass_mentions_are_still_refused(text: str) -> None:
    assert has_mass_mention(text)
    assert "@\u200b" in harmless(text)


def test_references_become_plain_names() -> None:
    assert harmless(f"@equipe et {mention('U1', 'alice')}") == "@equipe et @alice"
    assert harmless(f"voir {refs.channel('C1', 'general')}") == "voir #general"


async def test_a_highlight_with_an_address_on_here_ca_is_posted(chat) -> None:  # type: ignore[no-untyped-def]
    out = await chat.type(
        ":moi Alice", "/faitsaillant Écrivez à info@here.ca pour vous inscrire #emploi"
    )
    assert "📣 Fait saillant" in out and "info@here.ca" in out
    assert "mentions de masse" not in out


def test_markdown_escape_keeps_addresses_whole() -> None:
    assert (
        markdown_escape("*gras* #emploi https://a.org/a_b")
        == "\\*gras\\* \\#emploi https://a.org/a_b"
    )
    assert strong("concertation") == "*concertation*" and strong("*gras*") == "*gras*"


async def test_harvest_file_escapes_user_markup(chat) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Alice", "/faitsaillant Un *très* bon _service_ #emploi")
    await chat.type("/faitsaillant recolte")
    markdown = list(chat.posted.values())[-1].files[0].data.decode()
    assert "Alice : Un \\*très\\* bon \\_service\\_ \\#emploi" in markdown
