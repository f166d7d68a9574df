"""Exports and file names built from what people type: nothing runs, nothing escapes."""

from __future__ import annotations

import csv
import io

from icalendar import Calendar

from adapters.discord.render import render
from adapters.slack.notifier import SlackNotifier
from adapters.textcut import safe_file_name
from bot.exports import csv_attachment
from bot.messages import Attachment, Message, Section
from testkit.slack_standin import CHANNEL, StandIn, standin
from tests.bot.features.meetings.test_meetings import plan

__all__ = ["standin"]  # fixture
HOSTILE = ['=HYPERLINK("https://x")', "+1", "-2", "@SUM(A1)", "\t=3", "\r=4", "a\r\nb", "ok"]
NAMES = ["../../etc/passwd", "..\\..\\win.ini", "..", "rapport\r\n.csv", ".bashrc",
         "a/b/c.md", "\u202egpj.exe", "nul\x00.csv", "x" * 300 + ".csv"]  # fmt: skip


def test_csv_cells_never_start_a_formula_and_line_breaks_stay_in_their_cell() -> None:
    data = csv_attachment("x.csv", HOSTILE, [HOSTILE, HOSTILE[::-1]]).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    assert len(rows) == 3 and all(len(row) == len(HOSTILE) for row in rows)
    for cell in rows[1] + rows[2]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "a\r\nb" in rows[1]


async def test_ics_fields_with_line_breaks_add_no_property(chat) -> None:  # type: ignore[no-untyped-def]
    private: list[Message] = []
    send = chat.send

    async def keep(message):  # type: ignore[no-untyped-def]
        if message.ephemeral:
            private.append(message)
        return await send(message)

    chat.send = keep
    await chat.type(":moi Coco")
    await plan(chat, "/rencontre planifier 3 novembre 9 h | Zoom\rATTENDEE:mailto:x@y | =Bilan")
    await chat.type("/rencontre ics")
    files = [f for m in [*chat.posted.values(), *private] for f in m.files]
    data = [f.data for f in files if f.name.endswith(".ics")][-1]
    assert b"\r\nATTENDEE" not in data
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert "ATTENDEE" not in event and str(event["SUMMARY"]) == "=Bilan"


def test_file_names_from_text_stay_plain_names() -> None:
    for name in NAMES:
        safe = safe_file_name(name)
        assert safe and len(safe) <= 100 and safe == safe.strip()
        assert "/" not in safe and "\\" not in safe and ".." not in safe
        assert not safe.startswith(".") and all(ch.isprintable() for ch in safe)
        assert "\u202e" not in safe
    assert safe_file_name("x" * 300 + ".csv").endswith(".csv")
    assert safe_file_name("Récolte 2026-10-05.md") == "Récolte 2026-10-05.md"


def test_discord_files_get_safe_names() -> None:
    message = Message([Section("x")], files=[Attachment(n, b"1", "text/csv") for n in NAMES])
    names = [spec.name for part in render(message) for spec in part.files]
    assert len(names) == len(NAMES) == len(set(names))
    assert all("/" not in n and "\\" not in n and ".." not in n for n in names)


async def test_slack_uploads_get_safe_names(standin: StandIn) -> None:
    from slack_sdk.web.async_client import AsyncWebClient

    client = AsyncWebClient(token="xoxb-t", base_url=standin.api_url)
    notifier = SlackNotifier(lambda team: client)  # type: ignore[arg-type, return-value]
    files = [Attachment(n, b"1", "text/csv") for n in NAMES[:4]]
    await notifier.upload(client, CHANNEL, files)
    titles = [
        f.get("title") for c in standin.of("files.completeUploadExternal") for f in c["files"]
    ]
    assert titles == ["etc-passwd", "win.ini", "fichier", "rapport-.csv"]


# -- Markdown files, as a Markdown renderer (markdown-it with linkify) reads them -------------
MARKDOWN_HOSTILE = [
    "www.a[Cliquez-ici](https://evil.example/md)",
    "www.ok.example/![img](https://evil.example/pixel.png)",
    "voir https://ok.example/a_b?x=1&y=2#f puis [ici](https://evil.example/x)",
    "<https://evil.example/auto> <img src=https://evil.example/p.png> &#91;x&#93;(y)",
    "Titre injecté\n===",
    "Autre titre\r\n---\n# Titre\n> citation\n1. liste\n- puce\n[ref]: https://evil.example/r",
]


def rendered(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"linkify": True}).enable("linkify").render(markdown)


def assert_inert(html: str, headings: int) -> None:
    """Only the file's own headings; every link shows its own address; no image, no HTML."""
    import re
    from urllib.parse import unquote

    assert "<img" not in html and "evil.example/p.png\"" not in html, html
    assert len(re.findall(r"<h\d>", html)) == headings, html
    assert "<blockquote>" not in html and "<ol>" not in html, html
    for href, shown in re.findall(r'<a href="([^"]*)">([^<]*)</a>', html):
        assert unquote(href).removeprefix("http://") == unquote(shown), (href, shown)
    assert ">Cliquez-ici<" not in html and ">ici<" not in html and ">img<" not in html


async def test_markdown_exports_carry_no_masked_link_image_or_heading(chat) -> None:  # type: ignore[no-untyped-def]
    from testkit.doubles import Answers

    await chat.type(":moi Coco")
    for number, text in enumerate(MARKDOWN_HOSTILE, start=1):
        answers = Answers()
        await chat.app.command(
            chat.invocation(), "vocab", f"proposer terme{number} : {text}", answers
        )
        await chat.type(f"/vocab adopter {number}")
        await chat.type(f"/faitsaillant {text} #emploi")
    answers = Answers()
    await chat.app.command(chat.invocation(), "vocab", "exporter", answers)
    [lexicon] = [f for f in answers.sent[0].files if f.name == "lexique.md"]
    html = rendered(lexicon.data.decode())
    assert_inert(html, headings=1 + len(MARKDOWN_HOSTILE))  # the title, one per term
    assert "Titre injecté\n===" in html and 'href="https://ok.example/a_b?x=1&amp;y=2#f"' in html
    await chat.type("/faitsaillant recolte")
    [harvest] = [f for m in chat.posted.values() for f in m.files if f.name.endswith(".md")]
    html = rendered(harvest.data.decode())
    assert_inert(html, headings=2)  # the title, the theme
    assert "Titre injecté" in html and "www.a" in html, html
