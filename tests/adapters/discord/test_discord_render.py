"""Rendering the neutral model within Discord's limits: split, never refused."""

from __future__ import annotations

import discord

from adapters.discord.components import build_view
from adapters.discord.render import markdown, render, render_one, split_text
from bot.app import Outarde
from bot.context import Place
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
)
from testkit.discord_harness import Harness

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def within_limits(part) -> None:  # type: ignore[no-untyped-def]
    assert len(part.content) <= 2000
    assert len(part.embeds) <= 10
    assert sum(len(e) for e in part.embeds) <= 6000
    for embed in part.embeds:
        assert len(embed.title or "") <= 256
        assert len(embed.description or "") <= 4096
        assert len(embed.fields) <= 25
        for item in embed.fields:
            assert len(item.name) <= 256 and len(item.value) <= 1024
    assert len(part.rows) <= 5
    for row in part.rows:
        assert len(row) <= 5
    assert len(part.files) <= 10


def test_markdown_becomes_discord_markdown() -> None:
    assert markdown("*gras* et _italique_") == "**gras** et _italique_"
    assert markdown("<https://exemple.org|le site>") == "[le site](https://exemple.org)"
    assert markdown("`*pas*` *oui*") == "`*pas*` **oui**"
    assert markdown("5 * 3 * 2") == "5 * 3 * 2"


def test_split_text_cuts_at_lines_and_keeps_everything() -> None:
    text = "\n".join(f"ligne {n} " + "mot " * 20 for n in range(200))
    chunks = split_text(text, 2000)
    assert all(len(c) <= 2000 for c in chunks)
    assert " ".join(chunks).split() == text.split()
    assert split_text("x" * 4500, 2000) == ["x" * 2000, "x" * 2000, "x" * 500]


def test_long_plain_text_is_split_across_messages() -> None:
    parts = render(Message([Section("mot " * 1500)]))
    assert len(parts) == 3
    for part in parts:
        within_limits(part)
        assert not part.embeds


def test_a_huge_embed_message_is_split_across_embeds_and_messages() -> None:
    blocks = [Header("T" * 400)]
    for n in range(40):
        blocks.append(Section(f"Paragraphe {n} " + "texte " * 300))
        blocks.append(Section("", tuple(Field(f"champ {k}" * 30, "v" * 2000) for k in range(30))))
    parts = render(Message(blocks))
    assert len(parts) > 5
    for part in parts:
        within_limits(part)
    assert parts[0].embeds[0].title.endswith("…") and len(parts[0].embeds[0].title) == 256
    text = "".join(e.description or "" for p in parts for e in p.embeds)
    assert all(f"Paragraphe {n} " in text for n in range(40))


def test_buttons_go_five_to_a_row_and_overflow_into_a_continuation() -> None:
    buttons = tuple(Button(f"Choix {n}", "polls.vote", f"1:{n}") for n in range(32))
    parts = render(Message([Header("Sondage"), Actions(buttons)]))
    assert [len(row) for row in parts[0].rows] == [5, 5, 5, 5, 5]
    assert [len(row) for row in parts[1].rows] == [5, 2]
    assert parts[1].content == "⋯"
    for part in parts:
        within_limits(part)


def test_each_item_keeps_its_buttons_when_rows_overflow() -> None:
    blocks = []
    for n in range(8):
        blocks += [
            Section(f"Proposition {n}"),
            Actions((Button("J'appuie", "vocab.endorse", str(n)),)),
        ]
    parts = render(Message(blocks))
    assert len(parts) == 2  # five items with their buttons, then three
    assert "Proposition 4" in parts[0].content and "Proposition 5" in parts[1].content
    assert parts[1].rows[0][0].value == "5"


def test_labels_and_custom_ids_within_limits() -> None:
    long_value = "v" * 120
    parts = render(
        Message(
            [
                Section("Texte"),
                Actions(
                    (
                        Button("L" * 200, "vocab.endorse", "1", Style.PRIMARY),
                        Button("Trop long", "vocab.endorse", long_value),
                    )
                ),
            ]
        )
    )
    rows = parts[0].rows
    assert len(rows[0]) == 1  # a custom_id over 100 characters cannot work: left out
    assert len(rows[0][0].label) == 80 and rows[0][0].style is discord.ButtonStyle.primary


async def test_select_menus_hold_25_options_each() -> None:
    options = tuple(Option(f"Option {n}", str(n)) for n in range(60))
    parts = render(
        Message([Section("Choisissez"), Actions((Select("polls.pick", "Choix", options),))])
    )
    rows = parts[0].rows
    assert [len(row[0].options) for row in rows] == [25, 25, 10]
    view = build_view(rows)
    assert view is not None
    identifiers = [c["components"][0]["custom_id"] for c in view.to_components()]
    assert identifiers == ["s:polls.pick:0", "s:polls.pick:1", "s:polls.pick:2"]


def test_images_and_files_are_attachments() -> None:
    message = Message(
        [
            Header("Tendances"),
            Image(PNG, "Graphique des notes", "notes.png"),
            Divider(),
            Image(PNG, "Deuxième", "notes.png"),
        ],
        files=[Attachment("recolte.md", b"# Recolte", "text/markdown")],
    )
    parts = render(message)
    assert len(parts) == 1
    names = [spec.name for spec in parts[0].files]
    assert names == ["notes.png", "notes-2.png", "recolte.md"]
    images = [e.image.url for e in parts[0].embeds if e.image]
    assert images == ["attachment://notes.png", "attachment://notes-2.png"]


def test_many_files_spread_over_messages() -> None:
    files = [Attachment(f"f{n}.csv", b"a,b", "text/csv") for n in range(23)]
    parts = render(Message([Section("Exports")], files=files))
    assert [len(p.files) for p in parts] == [10, 10, 3]


def test_context_at_the_end_is_a_footer() -> None:
    parts = render(
        Message([Header("Carte"), Section("• A", (Field("n", "1"),)), Context(("*Légende*",))])
    )
    assert parts[0].embeds[0].footer.text == "Légende"


def test_an_update_is_one_message_with_the_buttons() -> None:
    blocks = [Section("mot " * 1200), Actions((Button("J'appuie", "vocab.endorse", "1"),))]
    part = render_one(Message(blocks))
    assert len(part.content) <= 2000 and part.rows[0][0].action_id == "vocab.endorse"


async def test_the_notifier_posts_and_edits_through_the_http_client(app: Outarde) -> None:
    bot = await Harness(app).start()
    app = bot.app  # the core the Discord client delivers through
    place = Place("discord", "900000000000000002", "900000000000000003")
    message = Message([Header("Rappel"), Section("Rencontre <@123> @everyone demain")])
    ref = await app.notifier.post(place, message)
    post = bot.recorder.requests[-1]
    assert post.method == "POST" and post.path == "/channels/{channel_id}/messages"
    assert ref == f"900000000000000003/{post.message_id}"
    assert post.data["allowed_mentions"] == {"parse": []}
    await app.notifier.update(place, ref, Message([Section("Annulée")]))
    edit = bot.recorder.requests[-1]
    assert edit.method == "PATCH" and edit.url.endswith(f"/messages/{post.message_id}")
    assert edit.data["content"] == "Annulée" and edit.data["allowed_mentions"] == {"parse": []}
    assert edit.data["embeds"] == [] and edit.data["components"] == []
