"""The hub's combined calendar as a feed calendars subscribe to (the web server's /region/…)."""

from __future__ import annotations

import re

from adapters.console import ConsoleChat
from testkit.web_client import WebClient, web

__all__ = ["web"]
PLAN = "/rencontre planifier mardi 20 octobre 13 h 30 | Salle du conseil, MRC | Rencontre d'automne"


async def test_the_hub_feed_lists_the_tables_meetings(chat: ConsoleChat, web: WebClient) -> None:
    out = await chat.type(":espace estrie", ":moi Rita", "/outarde region creer Estrie")
    code = re.search(r"RGN-[A-Z0-9]{4}-[A-Z0-9]{4}", out)
    assert code is not None
    joining = f"/outarde region rejoindre {code.group(0)} Table de Magog"
    out = await chat.type(":espace magog", ":moi Alice", joining, PLAN)
    number = re.search(r"\(n° (\d+)\)", out)
    assert number is not None
    await chat.type(f":clic {chat.last_buttons('Confirmer')[-1]}")
    out = await chat.type(":espace estrie", ":moi Rita", f"/outarde region accepter {number[1]}",
                          "/outarde region calendrier lien")  # fmt: skip
    link = re.search(r"/region/([A-Za-z0-9_-]+)\.ics", out)
    assert link is not None, out
    status, headers, body = await web.get(link.group(0))
    assert status == 200 and headers["Content-Type"].startswith("text/calendar")
    assert b"Table de Magog" in body and b"Rencontre d'automne" in body

    out = await chat.type("/outarde region calendrier nouveau-lien")
    renewed = re.search(r"/region/([A-Za-z0-9_-]+)\.ics", out)
    assert renewed is not None and renewed.group(0) != link.group(0)
    assert (await web.get(link.group(0)))[0] == 404  # the old link is revoked
    # a table's own channel link is no region feed, and a table gets none
    out = await chat.type(":espace magog", ":moi Alice", "/outarde region calendrier lien")
    assert "n'est le palier d'aucune région" in out
    await chat.type("/outarde region quitter")
    status, _, body = await web.get(renewed.group(0))
    assert status == 200 and b"Table de Magog" not in body  # it left: its meetings too
