"""/outarde page: the table's public page (next meetings, adopted vocabulary), in a browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from testkit.browser import dom, screenshot
from testkit.web_client import web
from tests.bot.features.meetings.test_meetings import plan

__all__ = ["web"]  # fixture
PAGE = re.compile(r"(https?://\S+(/t/[A-Za-z0-9_-]+))")


class Text(HTMLParser):
    """The elements and visible text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang", "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(html: str) -> Text:
    parser = Text()
    parser.feed(html)
    return parser


async def publish(chat) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    out = await chat.type("/outarde page publier")
    url, path = PAGE.search(out).groups()  # type: ignore[union-attr]
    return url, path


async def test_publishing_and_withdrawing_the_page(chat, web) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    assert "pas de page publique" in await chat.type("/outarde page")
    await chat.type(":moi Bruno")
    assert "coordination" in (await chat.type("/outarde page publier")).lower()
    await chat.type(":moi Coco")
    url, path = await publish(chat)
    assert url in await chat.type("/outarde page")
    status, headers, body = await web.get(path)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert b'lang="fr-CA"' in body and b"<script" not in body
    assert "retirée" in await chat.type(":moi Bruno", ":moi Coco", "/outarde page retirer")
    assert (await web.get(path))[0] == 404
    assert "/outarde page" in await chat.type("/outarde page n'importe quoi")


@pytest.mark.browser
async def test_a_person_sees_the_meetings_and_the_glossary_on_a_phone(chat, web, tmp_path) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat, "/rencontre planifier 20 octobre 13 h 30 | https://zoom.us/j/999 | Bilan")
    await plan(
        chat, "/rencontre planifier 27 octobre 9 h | Salle <b>du conseil</b> | <script>x</script>"
    )
    await chat.type("/vocab proposer Concertation : <i>agir</i> ensemble", "/vocab adopter 1")
    await chat.type("/vocab proposer Brouillon : pas encore adoptée")
    url, _ = await publish(chat)
    page = read(await dom(url))
    text = " ".join(" ".join(page.text).split())
    assert page.lang == "fr-CA"
    assert "Prochaines rencontres" in text and "Bilan" in text
    assert "zoom.us" not in text and "En ligne" in text  # a video link stays private
    assert "<script>x</script>" in text and "Salle <b>du conseil</b>" in text  # shown as text
    assert "script" not in page.tags and "b" not in page.tags
    assert "Vocabulaire adopté" in text and "<i>agir</i> ensemble" in text
    assert "Brouillon" not in text and "i" not in page.tags
    assert {"h1", "h2", "table", "th", "td"} <= set(page.tags)

    shot = await screenshot(url, tmp_path / "phone.png")
    from matplotlib.image import imread

    pixels = imread(shot)
    assert pixels.shape[1] == 390  # rendered at a phone's width
    assert pixels.std() > 0.01  # something was drawn


async def test_the_coordination_chooses_the_sections(chat, web) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat)
    await chat.type(":moi Bruno", "/partenaire moi CDC des Moulins / communautaire")
    await chat.type(":moi Alice", "/partenaire moi MRC des Collines / municipal")
    await chat.type("/partenaire public oui")  # Alice agrees to be named, Bruno did not
    await chat.type(":moi Coco", "/partenaire ajouter Carrefour jeunesse / jeunesse")
    await chat.type("/faitsaillant Nouvelle halte-garderie à Lachute")
    await chat.type("/suivi decision La table adopte le plan d'action 2027")
    await chat.type('/sondage "Quel jour pour juin ?" Mardi Jeudi', ":clic 0")
    await chat.type(f":clic {chat.last_buttons('Jeudi')[-1]}")
    await chat.type(f":clic {chat.last_buttons('Fermer le sondage')[-1]}")
    await chat.type('/sondage "Question secrète ?" Oui Non anonyme')
    await chat.type(f":clic {chat.last_buttons('Fermer le sondage')[-1]}")
    _, path = await publish(chat)

    listing = await chat.type("/outarde page sections")
    assert "✅ `rencontres`" in listing and "⬜ `partenaires`" in listing
    text = read((await web.get(path))[2].decode())
    shown = " ".join(text.text)
    assert "Prochaines rencontres" in shown and "Carte des partenaires" not in shown
    assert "Bruno" not in shown and "halte-garderie" not in shown

    assert "coordination" in (await chat.type(":moi Bruno", "/outarde page montrer carte")).lower()
    await chat.type(":moi Coco")
    for word in ("partenaires", "recolte", "decisions", "sondages"):
        assert f"✅ `{word}`" in await chat.type(f"/outarde page montrer {word}")
    assert "⬜ `rencontres`" in await chat.type("/outarde page cacher rencontres")
    assert "ne connais pas la section" in await chat.type("/outarde page montrer météo")
    page = read((await web.get(path))[2].decode())
    shown = " ".join(" ".join(page.text).split())
    assert "Prochaines rencontres" not in shown
    assert "Carte des partenaires" in shown and "CDC des Moulins" in shown
    assert "MRC des Collines municipal Alice" in shown and "Bruno" not in shown  # agreed only
    assert "Carrefour jeunesse" in shown  # listed by the coordination, nobody on the chat
    assert "Nouvelle halte-garderie à Lachute" in shown and "Coco" not in shown
    assert "La table adopte le plan d'action 2027" in shown
    assert "Quel jour pour juin ?" in shown and "Jeudi : 1" in shown and "Mardi : 0" in shown
    assert "Question secrète" not in shown  # an anonymous poll never leaves the chat

    await chat.type(":moi Alice", "/partenaire public non", ":moi Coco")
    shown = " ".join(read((await web.get(path))[2].decode()).text)
    assert "Alice" not in shown


@pytest.mark.browser
async def test_an_english_workspace_s_page_on_a_phone(chat, web, tmp_path) -> None:  # type: ignore[no-untyped-def]
    await chat.type(":moi Coco")
    await plan(chat, "/rencontre planifier 20 octobre 13 h 30 | Town hall | Review")
    await chat.type("/outarde config langue en")
    await chat.type("/suivi decision The table adopts the 2027 plan")
    await chat.type("/outarde page show decisions")
    out = await chat.type("/outarde page publish")
    url = PAGE.search(out).group(1)  # type: ignore[union-attr]
    page = read(await dom(url))
    text = " ".join(" ".join(page.text).split())
    assert page.lang == "en-CA"
    assert "Next meetings" in text and "Review" in text
    assert "The table's decisions" in text and "The table adopts the 2027 plan" in text
    shot = await screenshot(url, tmp_path / "phone.png")
    from matplotlib.image import imread

    pixels = imread(shot)
    assert pixels.shape[1] == 390 and pixels.std() > 0.01
