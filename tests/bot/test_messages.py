"""The neutral message model."""

from __future__ import annotations

import pytest

from bot.message_codec import decode, encode
from bot.messages import (
    Actions,
    Attachment,
    Button,
    Context,
    Divider,
    Field,
    Header,
    Image,
    Message,
    Option,
    Section,
    Select,
    Style,
    Update,
    plain_text,
    text_message,
)


def sample() -> Message:
    return Message(
        blocks=[
            Header("Proposition"),
            Section(
                "*concertation* : agir ensemble", (Field("Appuis", "2"), Field("Objections", "0"))
            ),
            Divider(),
            Context(("Proposé par Alice",)),
            Actions(
                (
                    Button("J'appuie", "vocab.endorse", "42", Style.PRIMARY),
                    Select("vocab.pick", "Choisir", (Option("Un", "1"),)),
                )
            ),
            Image(b"\x89PNG", "graphique"),
        ],
        text="Proposition",
        files=[Attachment("glossaire.csv", b"a,b\n", "text/csv")],
        key="vocab.proposal:42",
    )


def test_buttons_lists_only_buttons_in_order() -> None:
    buttons = sample().buttons()
    assert [b.label for b in buttons] == ["J'appuie"]
    assert buttons[0].value == "42" and buttons[0].style is Style.PRIMARY


def test_plain_text_keeps_every_visible_part() -> None:
    text = plain_text(sample())
    for part in (
        "Proposition",
        "agir ensemble",
        "Appuis: 2",
        "Proposé par Alice",
        "J'appuie",
        "Choisir",
        "[graphique]",
    ):
        assert part in text


def test_text_message_is_private_by_default() -> None:
    assert text_message("ok").ephemeral
    assert not text_message("ok", ephemeral=False).ephemeral


def test_a_message_and_an_update_survive_the_outbox_unchanged() -> None:
    message = sample()
    message.channel = "annonces"
    for output in (message, Update("vocab.proposal:42", message)):
        text = encode(output)
        assert decode(text) == output and "\x89PNG" not in text  # bytes travel as base64
    back = decode(encode(message))
    assert isinstance(back, Message) and isinstance(back.blocks[1].fields, tuple)  # type: ignore[union-attr]
    assert back.buttons()[0].style is Style.PRIMARY


def test_the_outbox_refuses_what_is_not_a_message() -> None:
    with pytest.raises(ValueError):
        decode(encode(Header("seul")))  # type: ignore[arg-type]
